// Benchmark of the case registry: fills N cases (default 1,000,000) into a fresh SQLite file and
// reports p50/p99 of lookup by number, by phone, and Chinese full-text search, through the same
// repository the API uses. Usage: npm run bench [-- --cases 100000] [--db path]
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatCaseNumber } from '../src/cases/case-number.ts';
import { CaseRegistryRepository } from '../src/db/case-registry-repository.ts';
import { openDatabase } from '../src/db/database.ts';

const { values } = parseArgs({ options: { cases: { type: 'string', default: '1000000' }, db: { type: 'string', default: 'data/bench/cases-bench.db' } } });
const TOTAL = Number(values.cases);
const FILE = resolve(values.db!);

// A small deterministic generator, so every run fills the same data.
let seed = 12365;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const PRODUCTS = ['电动自行车锂电池', '婴幼儿配方奶粉', '儿童塑料玩具', '燃气热水器', '双门电冰箱', '手机快充充电器', '羽绒服', '美白化妆品', '汽车轮胎', '电动车头盔', '家用电饭煲', '进口红酒', '学生文具', '不锈钢保温杯', '空气净化器'];
const PROBLEMS = ['充电时起火', '外壳漏电', '超过保质期', '疑似假冒注册商标', '抽检质量不合格', '标签与实物不符', '虚假宣传功效', '有刺鼻异味', '使用一周即破损', '加热时爆裂', '含量不达标', '无中文标签'];
const CITIES = ['上海市浦东新区', '上海市徐汇区', '济南市历下区', '青岛市黄岛区', '杭州市西湖区', '南京市鼓楼区'];
const NAME_PARTS = ['华', '盛', '鑫', '达', '美', '康', '宏', '泰', '丰', '源', '瑞', '新', '佳', '安', '恒', '通'];
const KINDS = ['consultation', 'complaint', 'report', 'suggestion', 'praise', 'conduct'] as const;
const STATUSES = ['registered', 'dispatched', 'accepted', 'handled', 'replied', 'closed'] as const;

function fill(sqlite: ReturnType<typeof openDatabase>['$client']): string[] {
  const insert = sqlite.prepare(
    `insert into cases (number, status, kind, channel, caller_phone, lang, subject, description, product, product_category, enterprise_name, place, created_at)
     values (?, ?, ?, 'phone', ?, 'zh', ?, ?, ?, ?, ?, ?, ?)`,
  );
  const phones: string[] = [];
  const perDay = 2_500;
  const started = performance.now();
  for (let done = 0; done < TOTAL; ) {
    const batch = Math.min(20_000, TOTAL - done);
    sqlite.transaction(() => {
      for (let i = 0; i < batch; i++, done++) {
        const day = new Date(Date.UTC(2024, 0, 1) + Math.floor(done / perDay) * 86_400_000);
        const yymmdd = day.toISOString().slice(2, 10).replaceAll('-', '');
        // About a third of callers call more than once: phones come from a pool smaller than the cases.
        const phone = `13${String(Math.floor(random() * (TOTAL * 0.7))).padStart(9, '0')}`;
        if (i % 97 === 0) phones.push(phone);
        const product = pick(PRODUCTS);
        const problem = pick(PROBLEMS);
        const enterprise = `${pick(NAME_PARTS)}${pick(NAME_PARTS)}${pick(NAME_PARTS)}${product.slice(-2)}有限公司`;
        const place = pick(CITIES);
        insert.run(
          formatCaseNumber(yymmdd, (done % perDay) + 1),
          pick(STATUSES),
          pick(KINDS),
          phone,
          `${product}${problem}`,
          `市民反映在${place}某商场购买的${product}${problem}，要求${enterprise}退货并赔偿，请相关部门核查处理。`,
          product,
          product.slice(-2),
          enterprise,
          place,
          day.toISOString(),
        );
      }
    })();
    if (done % 100_000 === 0 || done === TOTAL) {
      process.stdout.write(`filled ${done.toLocaleString('en')} cases (${((performance.now() - started) / 1000).toFixed(0)} s)\n`);
    }
  }
  return phones;
}

function percentiles(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
  return { n: sorted.length, p50: at(0.5), p99: at(0.99), max: sorted.at(-1)! };
}

function measure(times: number, run: (i: number) => unknown) {
  for (let i = 0; i < Math.min(50, times); i++) run(i); // warm the page cache and statements
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    run(i);
    samples.push(performance.now() - start);
  }
  return percentiles(samples);
}

rmSync(FILE, { force: true });
rmSync(`${FILE}-wal`, { force: true });
rmSync(`${FILE}-shm`, { force: true });
mkdirSync(dirname(FILE), { recursive: true });
const db = openDatabase(FILE);
process.stdout.write(`benchmark: ${TOTAL.toLocaleString('en')} cases into ${FILE}\n`);
const fillStarted = performance.now();
const phones = fill(db.$client);
const fillSeconds = (performance.now() - fillStarted) / 1000;
db.$client.pragma('optimize');

const registry = new CaseRegistryRepository(db);
const numbers = (db.$client.prepare(`select number from cases where id % 101 = 0 limit 5000`).all() as { number: string }[]).map((r) => r.number);
const terms = ['电池充电', '奶粉超过', '假冒注册商标', '外壳漏电', '有刺鼻异味', '标签与实物', '浦东新区', '保温杯', '康泰电池', '质量不合格'];

const results = {
  cases: TOTAL,
  fillSeconds: Number(fillSeconds.toFixed(1)),
  byNumber: measure(10_000, (i) => registry.byNumber(numbers[i % numbers.length]!)),
  byPhone: measure(10_000, (i) => registry.search({ phone: phones[i % phones.length]!, page: 1, pageSize: 20 })),
  fullTextChinese: measure(200, (i) => registry.search({ text: terms[i % terms.length]!, page: 1, pageSize: 20 })),
  // Two characters are shorter than a trigram: two Han characters go through the bigram index instead.
  fullTextTwoCharacters: measure(20, (i) => registry.search({ text: ['漏电', '奶粉', '异味', '头盔'][i % 4]!, page: 1, pageSize: 20 })),
  fullTextChineseRare: measure(1_000, (i) => registry.search({ text: `${NAME_PARTS[i % 16]}${NAME_PARTS[(i * 7) % 16]}${NAME_PARTS[(i * 3) % 16]}`, page: 1, pageSize: 20 })),
};
const report = [
  `# case registry benchmark — ${new Date().toISOString()}`,
  `${TOTAL.toLocaleString('en')} cases filled in ${results.fillSeconds} s (SQLite WAL, FTS5 trigram and Han bigram indexes kept by triggers)`,
  '| query | samples | p50 ms | p99 ms | max ms |',
  '|---|---|---|---|---|',
  ...(['byNumber', 'byPhone', 'fullTextChinese', 'fullTextChineseRare', 'fullTextTwoCharacters'] as const).map((name) => {
    const r = results[name];
    return `| ${name} | ${r.n} | ${r.p50.toFixed(3)} | ${r.p99.toFixed(3)} | ${r.max.toFixed(3)} |`;
  }),
  '',
  'byPhone and fullText go through the API\'s search (count + first page of 20, newest first).',
  'fullTextChinese: common 3–6 character terms (thousands of matches each, trigram index); fullTextChineseRare: 3-character enterprise-name fragments;',
  'fullTextTwoCharacters: common 2-character words, below the trigram length, answered by the Han bigram index.',
].join('\n');
writeFileSync(resolve(dirname(FILE), 'report.md'), `${report}\n`);
process.stdout.write(`${report}\n`);
db.$client.close();
