"""A small exception hierarchy; the CLI turns these into one clear line."""


class KGError(Exception):
    """Base class: a problem the user can act on."""


class InputError(KGError):
    """The corpus folder or an input file cannot be used."""


class OutputError(KGError):
    """The output folder cannot be written (not a folder, no permission, disk full)."""


class QueryError(KGError):
    """A named query is unknown or a SPARQL file cannot be run."""


class ValidationError(KGError):
    """The graph does not conform to the project's SHACL shapes."""


class ClusterError(KGError):
    """The Dask scheduler cannot be reached or was lost, or its workers cannot do the work."""
