variable "paged_types" {
  description = "Finding types that page on-call. Backdoor:EC2/XORDDOS was removed in 2019." # want GDL001:note "update the text"
  type        = list(string)
  default = [
    "Discovery:S3/BucketEnumeration.Unusual", # want GDL001
    "Impact:S3/ObjectDelete.Unusual",         # want GDL001
    "Policy:IAMUser/RootCredentialUsage",
  ]
}

locals {
  # ResourceConsumption:IAMUser/ComputeResources used to live here.  want GDL001:note
  routes = {
    "UnauthorizedAccess:IAMUser/UnusualASNCaller" = "sns-high" # want GDL001
    "Behavior:IAMUser/InstanceLaunchUnusual"      = "sns-high" # want GDL001
    "Exfiltration:S3/ObjectRead.Unusual"          = "sns-low"  # want GDL001
  }
  message = "found ${var.prefix}PrivilegeEscalation:IAMUser/AdministrativePermissions" # want GDL001
  k8s = [
    "PrivilegeEscalation:Kubernetes/PrivilegedContainer",     # want GDL001
    "Persistence:Kubernetes/ContainerWithSensitiveMount",     # want GDL001
  ]
}
