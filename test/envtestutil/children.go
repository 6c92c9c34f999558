package envtestutil

import (
	"os"
	"os/signal"
	"syscall"
	"time"
)

// KeepControlPlaneToThisProcess makes the control plane this test process
// starts (kube-apiserver, etcd, kube-controller-manager) unable to outlive
// it or hold anything of its parent's. Call it first in TestMain.
//
// `go test -fuzz` runs the fuzz test in a worker process, which runs
// TestMain too and so starts a control plane of its own. The worker talks to
// the coordinator over pipes on descriptors 3 and 4, which it inherits
// without close-on-exec; children started with os/exec inherit them too.
// When fuzzing ends the coordinator closes its end, gives the worker a
// second, then interrupts it (and a second later kills it): the worker dies
// in the middle of stopping the control plane, and the orphaned etcd or
// kube-apiserver keeps the pipe open, so the coordinator, waiting for it to
// close, never returns and `make fuzz` hangs. Two things prevent that:
//
//   - descriptors this process inherited are marked close-on-exec, so no
//     child holds the coordinator's pipes (or any other inherited file);
//   - on SIGINT or SIGTERM (the coordinator's interrupt, or Ctrl-C) the
//     children are killed at once, so none is left behind; the process
//     then gets a moment to finish its own cleanup (removing the control
//     plane's directories) before it exits.
func KeepControlPlaneToThisProcess() {
	closeInheritedOnExec()
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-signals
		killChildren()
		// The children are gone: whatever was running (tests or the
		// teardown) ends quickly now. Exit if it does not.
		time.Sleep(time.Second)
		os.Exit(1)
	}()
}
