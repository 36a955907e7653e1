package compat

import "syscall"

// childProcAttr makes the emulator die with the test binary, even when the binary is killed
// before TestMain can stop it (a timeout, ^C).
func childProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
}
