#!/bin/sh
# Create samples for Backdoor:EC2/XORDDOS.  want GDL001:note
aws guardduty create-sample-findings --detector-id "$ID" \
  --finding-types 'UnauthorizedAccess:EC2/TorIPCaller' Recon:IAMUser/UserPermissions # want GDL001 GDL001
echo "count: $#" "Impact:S3/ObjectDelete.Unusual" # want GDL001
