# Windows line endings.
locals {
  a = "Recon:IAMUser/UserPermissions" # want GDL001
  # Backdoor:EC2/XORDDOS  want GDL001:note
}
