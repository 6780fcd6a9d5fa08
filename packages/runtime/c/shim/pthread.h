/* WASI preview 1 has no threads. QuickJS's Atomics support includes pthread.h
   and uses a mutex and a condition variable only for Atomics.wait/notify on
   SharedArrayBuffers, which a single-threaded flight never reaches. Keeping
   CONFIG_ATOMICS (instead of -DEMSCRIPTEN) keeps QuickJS's stack-overflow
   check, which turns deep recursion into a catchable RangeError. */
#ifndef YF_PTHREAD_SHIM_H
#define YF_PTHREAD_SHIM_H
#include <time.h>
typedef int pthread_mutex_t;
typedef int pthread_cond_t;
#define PTHREAD_MUTEX_INITIALIZER 0
static inline int pthread_mutex_lock(pthread_mutex_t *m) { (void)m; return 0; }
static inline int pthread_mutex_unlock(pthread_mutex_t *m) { (void)m; return 0; }
static inline int pthread_cond_init(pthread_cond_t *c, void *a) { (void)c; (void)a; return 0; }
static inline int pthread_cond_destroy(pthread_cond_t *c) { (void)c; return 0; }
static inline int pthread_cond_signal(pthread_cond_t *c) { (void)c; return 0; }
static inline int pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m) { (void)c; (void)m; return 0; }
static inline int pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m, const struct timespec *t) { (void)c; (void)m; (void)t; return 110 /* ETIMEDOUT */; }
#endif
