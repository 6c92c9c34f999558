package lbc

import (
	"fmt"
	"regexp/syntax"
)

// AWS's regular expressions, in rule conditions (regexValues) and rule
// transforms, "do not support the following features: lookaheads,
// lookbehinds, backreferences, atomic groups, possessive quantifiers,
// subroutines, recursion, and Unicode character classes (such as \p{L})"
// (Listener rules for your Application Load Balancer, listenerRules).
// AWS documents no grammar beyond that list. lbo takes the syntax of RE2
// (Go's regexp) as the one it can check: it has none of the first seven
// features, so what it parses is refused by AWS only for a Unicode class,
// which CheckRegex refuses too. An expression outside RE2 that AWS would take
// is refused as well: lbo cannot tell it from one AWS refuses.

// CheckRegex says why a regular expression cannot go into a rule condition
// or transform, or "" when it can.
func CheckRegex(re string) string {
	if _, err := syntax.Parse(re, syntax.Perl); err != nil {
		return fmt.Sprintf("is not a regular expression AWS takes (%v): AWS supports no lookaheads, lookbehinds, backreferences, atomic groups, possessive quantifiers, subroutines or recursion", syntaxMessage(err))
	}
	for i := 0; i < len(re); i++ {
		if re[i] != '\\' || i+1 == len(re) {
			continue
		}
		if c := re[i+1]; c == 'p' || c == 'P' {
			return fmt.Sprintf("uses a Unicode character class (%s), which AWS does not support", re[i:i+2])
		}
		i++ // an escaped character is not an escape
	}
	return ""
}

// syntaxMessage is a regexp/syntax error without its "error parsing regexp: "
// prefix.
func syntaxMessage(err error) string {
	if e, ok := err.(*syntax.Error); ok {
		return fmt.Sprintf("%s: %q", e.Code, e.Expr)
	}
	return err.Error()
}
