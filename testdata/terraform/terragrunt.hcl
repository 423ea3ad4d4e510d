inputs = {
	# Tabs indent this file.
	retired_types = ["CryptoCurrency:EC2/BitcoinTool.A"] # want GDL001
	live_types    = ["CryptoCurrency:EC2/BitcoinTool.B", "CryptoCurrency:EC2/BitcoinTool.B!DNS"]
}
