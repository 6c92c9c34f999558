// Package apidocs writes the API reference of a CRD as Markdown: every field
// with its type, default, validation and the doc comment the Go type gives
// it (as `kubectl explain` shows it). hack/generate writes docs/api.md with
// it, so the reference never drifts from the types.
package apidocs

import (
	"bytes"
	"fmt"
	"slices"
	"sort"
	"strings"

	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	"sigs.k8s.io/yaml"

	"github.com/lbo-dev/lbo/internal/lbc"
)

// Check is a rule lbo checks beyond the CRD, when it expands a
// LoadBalancer: the reference lists it under the field it applies to.
type Check struct {
	// Field is the field's path from the object, with [] for the items of a
	// list and {} for the values of a map (spec.listeners[].tls.sslPolicy).
	Field string
	// Says is what the rule requires, read after the field's name.
	Says string
}

// ExpansionChecks are the rules the expansion checks (lbc.Rules), one for
// each field they apply to.
func ExpansionChecks() []Check {
	var out []Check
	for _, r := range lbc.Rules {
		for _, f := range r.Fields {
			out = append(out, Check{Field: f, Says: r.Says})
		}
	}
	return out
}

// FromCRD returns the Markdown reference of the first served version of the
// CRD in data (YAML), with checks listed under their fields.
func FromCRD(data []byte, checks ...Check) ([]byte, error) {
	var crd apiextensionsv1.CustomResourceDefinition
	if err := yaml.UnmarshalStrict(data, &crd); err != nil {
		return nil, fmt.Errorf("decoding CRD: %w", err)
	}
	i := slices.IndexFunc(crd.Spec.Versions, func(v apiextensionsv1.CustomResourceDefinitionVersion) bool {
		return v.Served && v.Schema != nil && v.Schema.OpenAPIV3Schema != nil
	})
	if i < 0 {
		return nil, fmt.Errorf("CRD %s has no served version with a schema", crd.Name)
	}
	v := crd.Spec.Versions[i]
	root := v.Schema.OpenAPIV3Schema
	names := crd.Spec.Names

	var b bytes.Buffer
	fmt.Fprintf(&b, "# API reference: %s\n\n", names.Kind)
	fmt.Fprintf(&b, "<!-- Generated from %s by hack/generate (make manifests); do not edit. -->\n\n", crd.Name)
	fmt.Fprintf(&b, "`apiVersion: %s/%s`, `kind: %s`, namespaced: %v, short name: %s, categories: %s.\n\n",
		crd.Spec.Group, v.Name, names.Kind, crd.Spec.Scope == apiextensionsv1.NamespaceScoped,
		strings.Join(names.ShortNames, ", "), strings.Join(names.Categories, ", "))
	b.WriteString(oneParagraph(root.Description) + "\n\n")
	b.WriteString("Each section below is one object of the resource; its path is the one `kubectl explain` takes " +
		"(`kubectl explain lb.spec.listeners.defaultAction`). *Validation* lists what the API server checks " +
		"when the object is applied: the OpenAPI constraints and the CEL rules, by their messages. " +
		"*Checked by lbo* lists what lbo checks when it expands the LoadBalancer into its children, beyond " +
		"what the API server can: AWS's published lists, the AWS Load Balancer Controller's defaults, what the " +
		"controller makes of a value, and the API server's rules for the children. A LoadBalancer that breaks " +
		"one is not Accepted (the condition's message names the field; ResolvedRefs for what only the cluster " +
		"shows, such as the type of a Service), and none of its children is created or changed.\n\n")
	if len(v.AdditionalPrinterColumns) > 0 {
		b.WriteString("`kubectl get lb` shows:")
		for _, c := range v.AdditionalPrinterColumns {
			fmt.Fprintf(&b, " %s (`%s`),", c.Name, c.JSONPath)
		}
		b.Truncate(b.Len() - 1)
		b.WriteString(".\n\n")
	}
	bySection := map[string][]Check{}
	for _, c := range checks {
		path := strings.NewReplacer("[]", "", "{}", "").Replace(c.Field)
		section, field := names.Singular, path
		if i := strings.LastIndex(path, "."); i >= 0 {
			section, field = names.Singular+"."+path[:i], path[i+1:]
		}
		bySection[section] = append(bySection[section], Check{Field: field, Says: c.Says})
	}
	w := &writer{b: &b, checks: bySection}
	w.object(names.Singular, root, true)
	for _, name := range []string{"spec", "status"} {
		if s, ok := root.Properties[name]; ok {
			w.walk(names.Singular+"."+name, &s)
		}
	}
	for section := range w.checks {
		return nil, fmt.Errorf("checks name fields of %s, which the CRD does not have", section)
	}
	return b.Bytes(), nil
}

// writer writes the reference, each section with the checks of its fields.
type writer struct {
	b      *bytes.Buffer
	checks map[string][]Check // by section; written ones are removed
}

// walk writes the section of the object at path and then those of the
// objects below it, in field order.
func (w *writer) walk(path string, s *apiextensionsv1.JSONSchemaProps) {
	obj := s
	if s.Type == "array" && s.Items != nil && s.Items.Schema != nil {
		obj = s.Items.Schema
	}
	if len(obj.Properties) == 0 {
		return
	}
	w.object(path, obj, false)
	for _, name := range sortedFields(obj) {
		p := obj.Properties[name]
		w.walk(path+"."+name, &p)
	}
}

func (w *writer) object(path string, s *apiextensionsv1.JSONSchemaProps, root bool) {
	b := w.b
	fmt.Fprintf(b, "## %s\n\n", path)
	if !root && s.Description != "" {
		b.WriteString(oneParagraph(s.Description) + "\n\n")
	}
	if rules := celRules(s); len(rules) > 0 {
		b.WriteString("Rules:\n\n")
		for _, r := range rules {
			fmt.Fprintf(b, "- %s\n", r)
		}
		b.WriteString("\n")
	}
	if checks := w.checks[path]; len(checks) > 0 {
		delete(w.checks, path)
		b.WriteString("Checked by lbo:\n\n")
		for _, c := range checks {
			if _, ok := s.Properties[c.Field]; !ok {
				w.checks[path+"."+c.Field] = append(w.checks[path+"."+c.Field], c) // reported as unknown
				continue
			}
			fmt.Fprintf(b, "- `%s` %s\n", c.Field, oneParagraph(c.Says))
		}
		b.WriteString("\n")
	}
	b.WriteString("| Field | Type | Default | Validation | Description |\n| --- | --- | --- | --- | --- |\n")
	for _, name := range sortedFields(s) {
		p := s.Properties[name]
		field := "`" + name + "`"
		if slices.Contains(s.Required, name) {
			field += " (required)"
		}
		if root && (name == "apiVersion" || name == "kind" || name == "metadata") {
			fmt.Fprintf(b, "| %s | %s | | | %s |\n", field, typeOf(&p), cell(firstSentence(p.Description)))
			continue
		}
		fmt.Fprintf(b, "| %s | %s | %s | %s | %s |\n", field, typeOf(&p), defaultOf(&p), cell(strings.Join(validation(&p), "; ")), cell(p.Description))
	}
	b.WriteString("\n")
}

// sortedFields lists the object's fields: required ones first, each group
// by name, as kubectl explain does not but readers of a reference want.
func sortedFields(s *apiextensionsv1.JSONSchemaProps) []string {
	names := make([]string, 0, len(s.Properties))
	for n := range s.Properties {
		names = append(names, n)
	}
	sort.SliceStable(names, func(i, j int) bool {
		ri, rj := slices.Contains(s.Required, names[i]), slices.Contains(s.Required, names[j])
		if ri != rj {
			return ri
		}
		return names[i] < names[j]
	})
	return names
}

func typeOf(s *apiextensionsv1.JSONSchemaProps) string {
	switch {
	case s.Type == "array" && s.Items != nil && s.Items.Schema != nil:
		t := "[]" + typeOf(s.Items.Schema)
		if s.XListType != nil && *s.XListType == "map" {
			t += ", keyed by " + strings.Join(s.XListMapKeys, ", ")
		}
		return t
	case s.Type == "object" && s.AdditionalProperties != nil && s.AdditionalProperties.Schema != nil:
		return "map[string]" + typeOf(s.AdditionalProperties.Schema)
	case s.Format != "":
		return s.Type + " (" + s.Format + ")"
	default:
		return s.Type
	}
}

func defaultOf(s *apiextensionsv1.JSONSchemaProps) string {
	if s.Default == nil {
		return ""
	}
	return "`" + string(s.Default.Raw) + "`"
}

// validation lists the OpenAPI constraints of s and of its items.
func validation(s *apiextensionsv1.JSONSchemaProps) []string {
	var out []string
	add := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	if len(s.Enum) > 0 {
		var vals []string
		for _, e := range s.Enum {
			vals = append(vals, "`"+string(e.Raw)+"`")
		}
		add("one of %s", strings.Join(vals, ", "))
	}
	if s.Minimum != nil {
		add("≥ %v", *s.Minimum)
	}
	if s.Maximum != nil {
		add("≤ %v", *s.Maximum)
	}
	if s.MinLength != nil && *s.MinLength == 1 {
		add("not empty")
	} else if s.MinLength != nil {
		add("at least %d characters", *s.MinLength)
	}
	if s.MaxLength != nil {
		add("at most %d characters", *s.MaxLength)
	}
	if s.Pattern != "" {
		add("matches `%s`", s.Pattern)
	}
	if s.MinItems != nil {
		add("at least %d items", *s.MinItems)
	}
	if s.MaxItems != nil {
		add("at most %d items", *s.MaxItems)
	}
	if s.MinProperties != nil {
		add("at least %d entries", *s.MinProperties)
	}
	if s.MaxProperties != nil {
		add("at most %d entries", *s.MaxProperties)
	}
	if s.XListType != nil && *s.XListType == "set" {
		add("no duplicates")
	}
	if s.Type == "array" && s.Items != nil && s.Items.Schema != nil && len(s.Items.Schema.Properties) == 0 {
		for _, v := range validation(s.Items.Schema) {
			add("each %s", v)
		}
	}
	// An object's rules are listed in its own section.
	if len(s.Properties) == 0 {
		out = append(out, celRules(s)...)
	}
	return out
}

func celRules(s *apiextensionsv1.JSONSchemaProps) []string {
	var out []string
	for _, r := range s.XValidations {
		msg := r.Message
		if msg == "" {
			msg = "`" + r.Rule + "`"
		}
		out = append(out, msg)
	}
	return out
}

func oneParagraph(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func firstSentence(s string) string {
	s = oneParagraph(s)
	if i := strings.Index(s, ". "); i >= 0 {
		return s[:i+1]
	}
	return s
}

// cell makes s fit in a Markdown table cell.
func cell(s string) string {
	s = oneParagraph(s)
	s = strings.ReplaceAll(s, "|", `\|`)
	return s
}
