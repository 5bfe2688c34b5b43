// Regenerates the reading room's and the editorial desk's screenshots in docs/: `npm run screenshots` in web/ (or `node web/scripts/screenshots.mjs`).
// Starts the API on a fresh seeded store (dotnet run, which also builds the web app), drives Debian's chromium with
// playwright-core (never a downloaded browser) and stops the API. Chinese text needs a CJK font: fonts-wqy-microhei.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const root = join(import.meta.dirname, '..', '..');
const docs = join(root, 'docs');
// A free port, never a fixed one: a fixed port may be another server's, whose pages would be photographed instead.
const port = await new Promise((resolve, reject) => {
  const probe = createServer().once('error', reject);
  probe.listen(0, '127.0.0.1', () => {
    const { port: free } = probe.address();
    probe.close(() => resolve(free));
  });
});
const base = `http://127.0.0.1:${port}`;
const notice = Buffer.from('Directive:notice-2020-01-29').toString('base64');
const executablePath = process.env.DANGJIAN_CHROMIUM || '/usr/bin/chromium';

function run(command, args, options) {
  return new Promise((resolve, reject) =>
    spawn(command, args, { stdio: 'inherit', ...options }).once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')}: exit ${code}`)))),
  );
}

// The build first (it builds the web app too), so the wait below is for the server alone.
await run('dotnet', ['build', 'src/Dangjian.Api', '--nologo', '-v', 'quiet'], { cwd: root });
const data = mkdtempSync(join(tmpdir(), 'dangjian-screenshots-'));
const api = spawn('dotnet', ['run', '--no-build', '--no-launch-profile', '--project', 'src/Dangjian.Api', '--', '--urls', base], {
  cwd: root,
  env: { ...process.env, Dangjian__DataDirectory: data, ASPNETCORE_ENVIRONMENT: 'Development' },
  stdio: ['ignore', 'ignore', 'inherit'],
});

let exited = false;
api.once('exit', () => (exited = true));

async function ready() {
  for (let i = 0; i < 600; i++) {
    if (exited) throw new Error('The API stopped before it was ready (see its output above)');
    try {
      if ((await fetch(`${base}/health/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('The API did not become ready in five minutes (it loads the seed data and indexes it on first start)');
}

let browser;
try {
  await ready();
  browser = await chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-gpu', '--no-first-run'],
  });
  const shots = [
    { file: 'reading-room-search.png', path: '/?q=%E9%98%B2%E6%8E%A7&from=2020-01-01&to=2020-12-31', ready: '.hits .hit:not(.placeholder)', viewport: { width: 1280, height: 900 } },
    { file: 'reading-room-document.png', path: `/d/${notice}#section-3`, ready: '#section-3', viewport: { width: 1280, height: 900 } },
    { file: 'reading-room-coverage.png', path: `/d/${notice}/coverage`, ready: '.chart[data-ready]', viewport: { width: 1280, height: 1100 } },
    // 新冠: the phone view shows the synonyms the search also looked for (也搜索了：…) above the results.
    { file: 'reading-room-phone.png', path: '/?q=%E6%96%B0%E5%86%A0', ready: '.hits .hit:not(.placeholder)', viewport: { width: 375, height: 812 }, phone: true },
  ];
  for (const shot of shots) {
    const context = await browser.newContext({
      viewport: shot.viewport,
      deviceScaleFactor: shot.phone ? 2 : 1,
      isMobile: !!shot.phone,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    const page = await context.newPage();
    await page.goto(base + shot.path);
    await page.locator(shot.ready).first().waitFor();
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: join(docs, shot.file) });
    console.log(`docs/${shot.file}`);
    await context.close();
  }
  await deskShots(browser);
} finally {
  await browser?.close();
  if (!exited) {
    api.kill('SIGINT');
    await new Promise((r) => api.once('exit', r));
  }
  rmSync(data, { recursive: true, force: true });
}

// The editorial desk: a branch secretary submits a story and revises it through the web app, then an editor's queue
// and the review page with the difference between the two versions.
async function deskShots(browser) {
  const title = '方舱里的一堂党课';
  const signIn = async (page, button, returnTo) => {
    await page.goto(`${base}/signin?returnTo=${encodeURIComponent(returnTo)}`);
    await page.getByRole('button', { name: button }).click();
    await page.waitForURL(`${base}${returnTo}`);
  };
  const open = async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    return { context, page: await context.newPage() };
  };

  const secretary = await open();
  await signIn(secretary.page, '以李书记（支部书记）身份登录', '/branch/story/new');
  await secretary.page.getByLabel('标题', { exact: true }).fill(title);
  await secretary.page.getByLabel('正文（Markdown）').fill('## 方舱\n\n党员**主动请战**，在方舱医院上了一堂党课。\n\n病友们也来听。\n');
  await secretary.page.getByLabel(/在政治坚定狠抓落实上作表率/).first().check();
  await secretary.page.getByRole('button', { name: '提交审核' }).click();
  await secretary.page.waitForURL(`${base}/branch`);
  await secretary.page.getByRole('link', { name: `修改：${title}` }).click();
  await secretary.page.getByLabel('正文（Markdown）').fill('## 方舱\n\n二月一日晚，党员**主动请战**，在方舱医院三号舱上了一堂党课。\n\n病友们也来听。\n\n课后，六名病友递交了入党申请书。\n');
  await secretary.page.getByRole('button', { name: '保存修改' }).click();
  await secretary.page.waitForURL(`${base}/branch`);
  await secretary.context.close();

  const editor = await open();
  await signIn(editor.page, '以赵编辑（编辑）身份登录', '/desk');
  await editor.page.getByRole('link', { name: title }).waitFor();
  await editor.page.waitForLoadState('networkidle');
  await editor.page.screenshot({ path: join(docs, 'desk-queue.png') });
  console.log('docs/desk-queue.png');
  await editor.page.getByRole('link', { name: title }).click();
  await editor.page.locator('table.diff').waitFor();
  await editor.page.waitForLoadState('networkidle');
  await editor.page.locator('table.diff').scrollIntoViewIfNeeded();
  await editor.page.screenshot({ path: join(docs, 'desk-review.png'), fullPage: true });
  console.log('docs/desk-review.png');

  // The import preview: the founding notice as LibreOffice's PDF (the test fixture), read but not saved.
  await editor.page.goto(`${base}/desk/import`);
  await editor.page.getByLabel('公文文件（.txt、.docx 或 .pdf）').setInputFiles(join(root, 'tests', 'Dangjian.Tests', 'Importing', 'Fixtures', 'notice-2020-01-29.pdf'));
  await editor.page.getByRole('button', { name: '读取并预览' }).click();
  await editor.page.locator('.import-preview').waitFor();
  await editor.page.waitForLoadState('networkidle');
  await editor.page.screenshot({ path: join(docs, 'desk-import.png'), fullPage: true });
  console.log('docs/desk-import.png');
  await editor.context.close();
}
