package lbc

import (
	"slices"
	"testing"
)

func TestPathPatterns(t *testing.T) {
	for _, c := range []struct {
		path, pathType string
		want           []string
	}{
		{"/", "Prefix", []string{"/*"}},
		{"/blog", "Prefix", []string{"/blog", "/blog/*"}},
		{"/blog/", "Prefix", []string{"/blog", "/blog/*"}}, // the trailing '/' goes
		{"/blog/", "Exact", []string{"/blog/"}},
		{"/img/*.png", "ImplementationSpecific", []string{"/img/*.png"}},
	} {
		if got := PathPatterns(c.path, c.pathType); !slices.Equal(got, c.want) {
			t.Errorf("PathPatterns(%q, %s) = %q, want %q", c.path, c.pathType, got, c.want)
		}
	}
}

func TestRedirectLoop(t *testing.T) {
	s := func(v string) *string { return &v }
	blog := ALBRule{Hosts: []string{"example.com", "www.example.com"}, Paths: PathPatterns("/blog", "Prefix")}
	for _, c := range []struct {
		name     string
		port     int32
		protocol string
		rule     ALBRule
		r        RedirectConfig
		want     bool
	}{
		{"to HTTPS:443 on HTTPS:443", 443, "HTTPS", blog, RedirectConfig{Protocol: s("HTTPS"), Port: s("443")}, true},
		{"to HTTPS:443 on HTTP:80", 80, "HTTP", blog, RedirectConfig{Protocol: s("HTTPS"), Port: s("443")}, false},
		{"to HTTP on HTTP:80, nothing else", 80, "HTTP", blog, RedirectConfig{Protocol: s("HTTP")}, true},
		{"to a host the rule matches", 80, "HTTP", blog, RedirectConfig{Host: s("www.example.com")}, true},
		{"to a host the rule does not match", 80, "HTTP", blog, RedirectConfig{Host: s("blog.example.com")}, false},
		{"to the Prefix path itself", 80, "HTTP", blog, RedirectConfig{Path: s("/blog")}, true},
		{"to a path below the prefix", 80, "HTTP", blog, RedirectConfig{Path: s("/blog/new")}, false},
		{"the query removed", 80, "HTTP", blog, RedirectConfig{Host: s("www.example.com"), Query: s("")}, false},
		{"the query kept with #{query}", 80, "HTTP", blog, RedirectConfig{Host: s("www.example.com"), Query: s("#{query}")}, true},
		{"keeping everything with #{...}", 80, "HTTP", blog, RedirectConfig{Protocol: s("#{protocol}"), Host: s("#{host}"), Port: s("#{port}"), Path: s("/#{path}")}, true},
		{"to another port", 80, "HTTP", blog, RedirectConfig{Port: s("8080")}, false},
		{"host, no host condition", 80, "HTTP", ALBRule{Paths: []string{"/*"}}, RedirectConfig{Host: s("example.com")}, false},
		{"other conditions are not looked at", 80, "HTTP", ALBRule{Paths: []string{"/*"}, OtherConditions: true}, RedirectConfig{Protocol: s("HTTP")}, true},
	} {
		rule := c.rule
		rule.Redirect = &c.r
		if got := RedirectLoop(c.port, c.protocol, rule); got != c.want {
			t.Errorf("%s: RedirectLoop = %v, want %v", c.name, got, c.want)
		}
	}
	if RedirectLoop(80, "HTTP", blog) {
		t.Error("a rule without a redirect is no loop")
	}
}

func TestOvershadows(t *testing.T) {
	redirect := &RedirectConfig{Protocol: new(string)}
	all := ALBRule{Paths: []string{"/*"}, Redirect: redirect}
	host := ALBRule{Hosts: []string{"a.example.com"}, Paths: []string{"/*"}, Redirect: redirect}
	api := ALBRule{Hosts: []string{"a.example.com"}, Paths: PathPatterns("/api", "Prefix"), Redirect: redirect}
	for _, c := range []struct {
		name           string
		earlier, later ALBRule
		want           bool
	}{
		{"all hosts and paths", all, ALBRule{Hosts: []string{"b.example.com"}, Paths: []string{"/x"}, OtherConditions: true}, true},
		{"its host, any path", host, ALBRule{Hosts: []string{"a.example.com"}, Paths: []string{"/x"}}, true},
		{"a later rule for every host", host, ALBRule{Paths: []string{"/x"}}, false},
		{"another host", host, ALBRule{Hosts: []string{"b.example.com"}, Paths: []string{"/x"}}, false},
		{"the same patterns", api, ALBRule{Hosts: []string{"a.example.com"}, Paths: PathPatterns("/api/", "Prefix")}, true},
		{"a path below, as a string not included", api, ALBRule{Hosts: []string{"a.example.com"}, Paths: []string{"/api/v1"}}, false},
		{"an earlier rule with a header condition", ALBRule{Paths: []string{"/*"}, Redirect: redirect, OtherConditions: true}, ALBRule{Paths: []string{"/x"}}, false},
		{"an earlier rule that forwards", ALBRule{Paths: []string{"/*"}}, ALBRule{Paths: []string{"/x"}}, false},
	} {
		if got := Overshadows(c.earlier, c.later); got != c.want {
			t.Errorf("%s: Overshadows = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestPathOrder(t *testing.T) {
	paths := []string{"/img/*", "/a", "/abc", "/exact", "/b"}
	types := []string{"ImplementationSpecific", "Prefix", "Prefix", "Exact", "Prefix"}
	if got, want := PathOrder(paths, types), []int{3, 2, 1, 4, 0}; !slices.Equal(got, want) {
		t.Errorf("PathOrder = %v, want %v", got, want)
	}
}

// The controller never takes a rule with regex paths for a redirect to
// itself, whatever its redirect says.
func TestRedirectLoopNotForRegexPaths(t *testing.T) {
	r := ALBRule{Paths: []string{"^/a$"}, RegexPaths: true, Redirect: &RedirectConfig{Path: ptr("^/a$")}}
	if RedirectLoop(80, "HTTP", r) {
		t.Error("a rule with regex paths taken for a loop")
	}
	r.RegexPaths = false
	if !RedirectLoop(80, "HTTP", r) {
		t.Error("the same rule with path values is a loop")
	}
}
