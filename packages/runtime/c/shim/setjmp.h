/* dtoa.c includes <setjmp.h> but never calls setjmp; wasi-libc has no such header. */
