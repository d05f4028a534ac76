export ENTRYPOINT_VERSION=v2
export REALM_VERSION=v1

# The recipe version the SSO reports on /version.txt.
export DEMO_VERSION=1.2.0+1.2
