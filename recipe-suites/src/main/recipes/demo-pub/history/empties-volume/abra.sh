# Versions of the swarm configs (configs are immutable: bump a version when its file changes).
export APP_ENTRYPOINT_VERSION=v1
export APP_HEALTH_VERSION=v1
export DB_ENTRYPOINT_VERSION=v2
