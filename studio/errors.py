"""Errors that carry a message meant for the user, not a traceback."""


class StoryreelError(Exception):
    """Base class: the message is one line a user can act on."""


class UserError(StoryreelError):
    """A mistake in what the user asked for (bad argument, missing file, ...)."""


class ProjectError(StoryreelError):
    """A project folder that cannot be read or written."""


class MediaError(StoryreelError):
    """A media file that cannot be probed, decoded or written."""
