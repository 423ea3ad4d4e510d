// Command awsfake serves awsfake.Sample on a free loopback port, for the
// tests of gdlint aws in the core module, which cannot import this
// module: it prints its URL on the first line of its standard output, and
// serves until its standard input closes (its test ends) or it is
// killed. Tests change it with POSTs to awsfake.ControlPath. It knows
// nothing of gdlint.
package main

import (
	"fmt"
	"io"
	"os"

	"github.com/gdlint/gdlint/aws/internal/awsfake"
)

func main() {
	srv := awsfake.New(awsfake.Caller, awsfake.Sample()...)
	fmt.Println(srv.URL)
	_, _ = io.Copy(io.Discard, os.Stdin)
	srv.Close()
}
