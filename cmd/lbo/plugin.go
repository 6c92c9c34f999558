package main

import (
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
)

// PluginName is the name lbo's binary has as a kubectl plugin: kubectl finds
// kubectl-lbo on PATH and runs it for `kubectl lbo ...`. It is the same
// program (`make plugin` builds it from this package).
const PluginName = "kubectl-lbo"

// asPlugin makes root present itself as `kubectl lbo` when the program was
// started as kubectl-lbo (arg0 is os.Args[0]): in usage lines, help and
// examples, so that what the help shows is what the user can type.
func asPlugin(root *cobra.Command, arg0 string) {
	if strings.TrimSuffix(filepath.Base(arg0), ".exe") != PluginName {
		return
	}
	if root.Annotations == nil {
		root.Annotations = map[string]string{}
	}
	root.Annotations[cobra.CommandDisplayNameAnnotation] = "kubectl lbo"
	examples := strings.NewReplacer("\n  lbo ", "\n  kubectl lbo ", "| lbo ", "| kubectl lbo ")
	var walk func(*cobra.Command)
	walk = func(c *cobra.Command) {
		if c.Example != "" {
			c.Example = strings.TrimPrefix(examples.Replace("\n"+c.Example), "\n")
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}
