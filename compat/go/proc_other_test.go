//go:build !linux

package compat

import "syscall"

// childProcAttr: outside Linux there is no parent-death signal; TestMain stops the emulator.
func childProcAttr() *syscall.SysProcAttr { return nil }
