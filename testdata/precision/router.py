ROUTES = "Backdoor:EC2/XORDDOS\nRecon:IAMUser/UserPermissions"  # want GDL001:error GDL001:error
NEAR = "\\nUnauthorizedAccess:EC2/TorIPCaller"
