# Versions of the swarm configs (configs are immutable: bump a version when its file changes).
export APP_ENTRYPOINT_VERSION=v1
export DEMO_VERSION=1.1.0+1.1
