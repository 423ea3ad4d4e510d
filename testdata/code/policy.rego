package guardduty

# deny rules that still name PrivilegeEscalation:IAMUser/AdministrativePermissions  want GDL001:note
retired := {"PrivilegeEscalation:IAMUser/AdministrativePermissions", `Backdoor:EC2/XORDDOS`} # want GDL001 GDL001
