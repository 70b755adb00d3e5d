import nlp from 'compromise';
import * as chrono from 'chrono-node';
let big = ('Between 14:05 and 14:50 UTC on 4 March, customers could not pay with cards because a setting was changed. We apologise for the disruption and we will add tests. ').repeat(14);
const ts=[];const cs=[];const ls=[];
for (let i=0;i<30;i++){let t=performance.now(); nlp(big).match('#Passive'); ts.push(performance.now()-t); t=performance.now(); chrono.parse(big); cs.push(performance.now()-t);t=performance.now(); const d=nlp.tokenize(big); ls.push(performance.now()-t);}
const med=a=>a.sort((x,y)=>x-y)[a.length>>1].toFixed(1);
console.log('nlp',med(ts),'chrono',med(cs), 'tokenize', med(ls)); 
