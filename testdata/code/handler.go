package handler

// retired lists types we stopped routing: Impact:S3/ObjectDelete.Unusual.  want GDL001:note
var retired = []string{
	"Discovery:S3/BucketEnumeration.Unusual", // want GDL001
	`Exfiltration:S3/ObjectRead.Unusual`,     // want GDL001
}
