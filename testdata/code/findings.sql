-- Old types: Recon:IAMUser/NetworkPermissions  want GDL001:note
SELECT * FROM findings WHERE type IN ('Recon:IAMUser/NetworkPermissions', 'it''s Backdoor:EC2/XORDDOS') -- want GDL001 GDL001
/* block: Impact:S3/ObjectDelete.Unusual  want GDL001:note */
