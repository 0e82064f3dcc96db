#ifndef MONO_H
#define MONO_H

/* the monotonic clock in milliseconds */
unsigned long long mono_ms(void);
/* the monotonic clock in microseconds */
unsigned long long mono_us(void);

#endif
