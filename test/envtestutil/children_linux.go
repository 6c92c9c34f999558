package envtestutil

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
)

// closeInheritedOnExec marks every open descriptor above stderr
// close-on-exec. Go opens its own that way; this catches the inherited ones.
func closeInheritedOnExec() {
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return
	}
	for _, e := range entries {
		if fd, err := strconv.Atoi(e.Name()); err == nil && fd > 2 {
			syscall.CloseOnExec(fd)
		}
	}
}

// killChildren kills this process's children, and the process groups envtest
// starts them in.
func killChildren() {
	self := os.Getpid()
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	for _, path := range stats {
		data, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		// The fields after the command, which is in parentheses and may
		// contain anything: state, ppid, pgrp, ...
		i := bytes.LastIndexByte(data, ')')
		if i < 0 {
			continue
		}
		fields := bytes.Fields(data[i+1:])
		if len(fields) < 3 {
			continue
		}
		if ppid, _ := strconv.Atoi(string(fields[1])); ppid != self {
			continue
		}
		pid, _ := strconv.Atoi(filepath.Base(filepath.Dir(path)))
		if pgrp, _ := strconv.Atoi(string(fields[2])); pgrp == pid {
			_ = syscall.Kill(-pid, syscall.SIGKILL)
		}
		_ = syscall.Kill(pid, syscall.SIGKILL)
	}
}
