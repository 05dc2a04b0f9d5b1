/** The enrollment and device-status texts (zh-CN first, English second); loaded with the enrollment screen and diagnostics only. */
import { getLocale } from '../../i18n/index.ts';

const zh = {
  title: '本设备尚未登记',
  lead: '请县政务公开办信息技术人员批准本设备后再使用。',
  code: '认领码',
  qr: '认领码二维码',
  how: '在中心服务器上运行:',
  command: 'npm run office -- device approve {code} --name 设备名称 --place 安装地点',
  internal: '本设备的配置包含对内公开内容;批准时请加 --channels public,internal',
  device: '设备编号',
  config: '设备配置',
  name: '设备名称',
  waiting: '正在等待批准……每隔几秒自动查询一次,批准后自动进入。',
  problem: '暂时无法登记:{message}。稍后自动重试。',
  revoked: '本设备已被停用(吊销)',
  revokedHint: '中心不再接受本设备的上报,也不再向它提供对内公开内容。如需恢复使用,请信息技术人员清除本机浏览器数据后重新登记。',
  enrolled: '已登记',
  pending: '待批准',
  identity: '设备身份',
  key: '设备密钥',
  place: '安装地点',
  channels: '批准的频道',
  enrolledAt: '登记时间',
  revokedAt: '停用时间',
  volatile: '本机存储拒绝保存设备身份:重新载入后需重新登记。请清理存储空间。',
};
const en: typeof zh = {
  title: 'This device is not enrolled yet',
  lead: 'Ask county IT to approve this device before it is used.',
  code: 'Claim code',
  qr: 'Claim code QR',
  how: 'On the hub, run:',
  command: 'npm run office -- device approve {code} --name NAME --place PLACE',
  internal: 'This config includes internal content; approve with --channels public,internal',
  device: 'Device id',
  config: 'Config',
  name: 'Name',
  waiting: 'Waiting for approval… checked every few seconds; the app starts once approved.',
  problem: 'Cannot enroll right now: {message}. Retrying shortly.',
  revoked: 'This device has been revoked',
  revokedHint:
    'The hub no longer accepts its reports or gives it internal content. To use it again, IT clears the browser data and enrolls it anew.',
  enrolled: 'Enrolled',
  pending: 'Awaiting approval',
  identity: 'Device identity',
  key: 'Device key',
  place: 'Place',
  channels: 'Approved channels',
  enrolledAt: 'Enrolled at',
  revokedAt: 'Revoked at',
  volatile: 'Storage refused the device identity: after a reload the device must enroll again. Free up storage.',
};

export function dt(key: keyof typeof zh, params?: Record<string, string>): string {
  const text = (getLocale() === 'en' ? en : zh)[key];
  return params ? text.replace(/\{(\w+)\}/g, (_, k: string) => params[k] ?? '') : text;
}
