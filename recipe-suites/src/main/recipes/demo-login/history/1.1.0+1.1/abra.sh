export ENTRYPOINT_VERSION=v1

# The recipe version the app reports on /version.txt.
export DEMO_VERSION=1.1.0+1.1
