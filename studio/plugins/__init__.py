"""The plugin interface: third-party and built-in generators import `studio.plugins.api`."""
