# A byte-order mark opens this file.
locals { a = ["Backdoor:EC2/XORDDOS"] } # want GDL001
