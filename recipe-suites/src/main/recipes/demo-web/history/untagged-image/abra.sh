# Versions of the swarm configs (configs are immutable: bump a version when its file changes).
export APP_CGI_VERSION=v1
export STORE_CGI_VERSION=v1
export STORE_ENTRYPOINT_VERSION=v1

# The recipe version the app reports on /cgi-bin/app/version.
export DEMO_VERSION=1.2.0+1.2
