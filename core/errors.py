class WorkflowError(Exception):
    """A rule refused a change; str(error) is the Indonesian message for the user. Nothing was changed."""
