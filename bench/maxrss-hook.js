// Preloaded with `node --import` when /usr/bin/time is missing: at exit, writes this process's
// peak RSS (KiB, from getrusage) to the file named by BENCH_MAXRSS_FILE.
import { writeFileSync } from 'node:fs';

const target = process.env.BENCH_MAXRSS_FILE;
if (target) process.on('exit', () => writeFileSync(target, `${process.resourceUsage().maxRSS}\n`));
