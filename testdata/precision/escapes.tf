locals {
  message = "paged on:\nBackdoor:EC2/XORDDOS\tand\tRecon:IAMUser/UserPermissions" # want GDL001 GDL001
  unicode = "\u000aCryptoCurrency:EC2/BitcoinTool.A"                        # want GDL001
  escaped = "\\nUnauthorizedAccess:EC2/TorIPCaller is a backslash, then the letter n"
}

variable "paged" {
  description = "Types that page on-call; Backdoor:EC2/XORDDOS was removed in 2019" # want GDL001:note "update the text"
  default     = ["Recon:IAMUser/UserPermissions"]                                      # want GDL001:error
}
