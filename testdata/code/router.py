"""Route GuardDuty findings to handlers.

Backdoor:EC2/XORDDOS used to be routed here.
"""  # want-1 GDL001:note

# Recon:IAMUser/NetworkPermissions findings go to the recon queue.  want GDL001:note
ROUTES = {
    "Recon:IAMUser/NetworkPermissions": "recon",  # want GDL001
    'UnauthorizedAccess:IAMUser/ConsoleLoginSuccess.B': "console",
    "Recon:IAMUser/TorIPCaller": "tor",  # a '#' in a string is not a comment: "#"
}

PATTERN = '''
{"detail": {"type": ["Persistence:IAMUser/ResourcePermissions"]}}
'''  # want-1 GDL001

TEMPLATE = f"type: {'UnauthorizedAccess:EC2/TorIPCaller'}"  # want GDL001
