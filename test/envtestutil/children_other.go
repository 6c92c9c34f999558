//go:build !linux

package envtestutil

// Elsewhere than Linux the descriptors are left as they are and no children
// are looked for: see KeepControlPlaneToThisProcess.
func closeInheritedOnExec() {}

func killChildren() {}
