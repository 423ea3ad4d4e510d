package scanner

import "sync/atomic"

// The fast readers (readHCL, readYAML) stand in front of hcl and yaml.v3
// for files in a plain subset of each format. They build exactly what the
// library path builds, or give up and leave the file to the library.

// tryFastReader runs read, a fast reader of f, which sets f's Strings
// (started empty here) and Root, or gives up by panicking with giveUp.
// Then f is left as it was, and tryFastReader reports false. Any other
// panic (a bug in the reader) is taken the same way: the library reads
// the file, so a bug costs speed, not the file. FastReaderBugs counts
// them, for tests.
func tryFastReader(f *File, read func()) (ok bool) {
	defer func() {
		if v := recover(); v != nil {
			if _, gaveUp := v.(giveUp); !gaveUp {
				fastReaderBugs.Add(1)
			}
			f.Strings, f.Root, ok = nil, nil, false
		}
	}()
	f.Strings = []Range{}
	read()
	fastReads.Add(1)
	return true
}

// giveUp is the panic value with which a fast reader leaves input it
// does not read; tryFastReader recovers it.
type giveUp struct{}

// keySet is a set of keys (an HCL body's attributes, a YAML mapping's
// keys): a slice while small, a map beyond.
type keySet struct {
	list []string
	set  map[string]bool
}

// add adds k and reports whether it was new.
func (s *keySet) add(k string) bool {
	if s.set != nil {
		if s.set[k] {
			return false
		}
		s.set[k] = true
		return true
	}
	for _, x := range s.list {
		if x == k {
			return false
		}
	}
	s.list = append(s.list, k)
	if len(s.list) > 16 {
		s.set = make(map[string]bool, 2*len(s.list))
		for _, x := range s.list {
			s.set[x] = true
		}
	}
	return true
}

// fastReaderBugs counts fast-reader panics other than giving up, and
// fastReads the files a fast reader read, for tests.
var fastReaderBugs, fastReads atomic.Int64
