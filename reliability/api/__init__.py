"""The REST API for dashboards: read-only exports for tokens, overrides for signed-in editors."""
