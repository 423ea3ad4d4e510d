# Recon:IAMUser/ResourcePermissions  want GDL001:note
RETIRED = ["Recon:IAMUser/ResourcePermissions"] # want GDL001
=begin
Backdoor:EC2/XORDDOS in a block comment.  want GDL001:note
=end
