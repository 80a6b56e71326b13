// Placeholder entry point, replaced by the benchmark runner.
console.log('gatehouse bench');
