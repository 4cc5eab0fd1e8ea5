import { generateSignatures } from '@aethercore/analytics';
generateSignatures({ count: 5000, seed: 1 });
const t = performance.now();
generateSignatures({ count: 50000, seed: 2 });
console.log((((performance.now() - t) * 1000) / 50000).toFixed(1), 'us/sig');
