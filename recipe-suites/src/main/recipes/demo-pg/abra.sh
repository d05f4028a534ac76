# Versions of the swarm configs (configs are immutable: bump a version when its file changes).
export APP_PY_VERSION=v1
export PG_BACKUP_VERSION=v1
