import iconv from 'iconv-lite';

/*
 * A small charset guesser for bytes that are not UTF-8 and name no charset. Each candidate decoder is scored by how
 * many characters land in the script that decoder is used for (Hangul for EUC-KR, kana for Japanese, frequent hanzi
 * for GBK/Big5, lower-case Cyrillic for KOI8-R/windows-1251, Thai, Hebrew), minus invalid sequences.
 */

interface Candidate {
  /** iconv-lite decoder. */
  decoder: string;
  /** Bytes per non-ASCII character, so double-byte and single-byte candidates score on the same scale. */
  width: number;
  /** Name reported to callers. */
  label: string;
  score: (cp: number) => number;
}

const MAX_SCAN_BYTES = 16_384;

// Most frequent characters of simplified and traditional Chinese text (the forms differ in about half of them).
const SIMPLIFIED = new Set(
  '的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本前开但因只从想实日军者意无力它与长把机十民第公此已工使情明性知全三又关点正业外将两高间由问很最重并物手应战向头文体政美相见被利什二等产或新己制身果加西斯月话合回特代内信表化老给世位次度门任常先海通教儿原东声提立及比员解水名真论处走义各入几口认条平系气题活尔更别打女变四神总何电数安少报才结反受目太量再感建务做接必场件计管期市直德资命山金指克许统区保至队形社便空决治展马科司五基眼书非则听白却界达光放强即像难且权思王象完设式色路记南品住告类求据程北边死张该交规万取拉格望觉术领共确传师观清今切院让识候带导争运笑飞风步改收根干造言联持组每济车亲极林服快办议往元英士证近失转夫令准布始怎呢存未远叫台单影具罗字爱击流备兵连调深商算质团集百需价花党华城石级整府离况亚请技际约示复病息究线似官火断精满支视消越器容照须九增研写称企八功吗包片史委乎查轻易早曾除农找装广显吧阿李标谈吃图念六引历首医局突专费号尽另周较注语仅考落青随选列武红响虽推势参希古众构房半节土投某案黑维革划敌致陈律足态护七兴派孩验责营星够章音跟志底站严巴例防族供效续施留讲型料终答紧黄绝奇察母京段依批群项故按河米围江织害斗双境客纪采举杀攻父苏密低朝友诉止细愿千值仍男钱破网热助倒育属坐帝限船脸职速刻乐否刚威毛状率甚独球般普怕弹校苦创假久错承印晚兰试股拿脑预谁益阳若哪微尼继送急血惊伤素药适波夜省初喜卫源食险待述陆习置居劳财环排福纳欢雷警获模充负云停木游龙树疑层冷洲冲射略范竟句室异激汉村哈策演简卡罪判担州静退既衣您宗积余痛检差富灵协角占配征修皮挥胜降阶审沉坚善妈刘读啊超免压银买皇养伊怀执副乱抗犯追帮宣佛岁航优怪香著田铁控税左右份穿艺背阵草脚概恶块顿敢守酒岛托央户烈洋哥索胡款靠评版宝座释景顾弟登货互付伯慢欧换闻危忙核暗姐介坏讨丽良序升监临亮露永呼味野架域沙掉括舰鱼杂误湾吉减编楚肯测败屋跑梦散温困剑渐封救贵枪缺楼县尚毫移娘朋画班智亦耳恩短掌恐遗固席松秘谢鲁遇康虑幸均销钟诗藏赶剧票损忽巨炮旧端探湖录叶春乡附吸予礼港雨呀板庭妇归睛饭额含顺输摇招婚脱补谓督毒油疗旅泽材灭逐莫笔亡鲜词圣择寻厂睡博勒烟授诺伦岸奥唐卖俄炸载洛健堂旁宫喝借君禁阴园谋宋避抓荣姑孙逃牙束跳顶玉镇雪午练迫爷篇肉嘴馆遍凡础洞卷坦牛宁纸诸训私庄祖丝翻暴森塔默握戏隐熟骨访弱蒙歌店鬼软典欲萨伙遭盘爸扩盖弄雄稳忘亿刺拥徒姆杨齐赛趣曲刀床迎冰虚玩析窗醒妻透购替塞努休虎扬途侵刑绿兄迅套贸毕唯谷轮库迹尤竞街促延震弃甲伟麻川申缓潜闪售灯针哲络抵朱埃抱鼓植纯夏忍页杰筑折郑贝尊吴秀混臣雅振染盛怒舞圆搞狂措姓残秋培迷诚宽宇猛摆梅毁伸摩盟末乃悲拍丁赵佳',
);
const TRADITIONAL = new Set(
  '的一是不了在人有我他這個們中來上大為和國地到以說時要就出會可也你對生能而子那得於著下自之年過發後作裡用道行所然家種事成方多經麼去法學如都同現當沒動面起看定天分還進好小部其些主樣理心她本前開但因只從想實日軍者意無力它與長把機十民第公此已工使情明性知全三又關點正業外將兩高間由問很最重並物手應戰向頭文體政美相見被利什二等產或新己制身果加西斯月話合回特代內信表化老給世位次度門任常先海通教兒原東聲提立及比員解水名真論處走義各入幾口認條平系氣題活爾更別打女變四神總何電數安少報才結反受目太量再感建務做接必場件計管期市直德資命山金指克許統區保至隊形社便空決治展馬科司五基眼書非則聽白卻界達光放強即像難且權思王象完設式色路記南品住告類求據程北邊死張該交規萬取拉格望覺術領共確傳師觀清今切院讓識候帶導爭運笑飛風步改收根幹造言聯持組每濟車親極林服快辦議往元英士證近失轉夫令準布始怎呢存未遠叫台單影具羅字愛擊流備兵連調深商算質團集百需價花黨華城石級整府離況亞請技際約示復病息究線似官火斷精滿支視消越器容照須九增研寫稱企八功嗎包片史委乎查輕易早曾除農找裝廣顯吧阿李標談吃圖念六引歷首醫局突專費號盡另周較注語僅考落青隨選列武紅響雖推勢參希古眾構房半節土投某案黑維革劃敵致陳律足態護七興派孩驗責營星夠章音跟志底站嚴巴例防族供效續施留講型料終答緊黃絕奇察母京段依批群項故按河米圍江織害鬥雙境客紀採舉殺攻父蘇密低朝友訴止細願千值仍男錢破網熱助倒育屬坐帝限船臉職速刻樂否剛威毛狀率甚獨球般普怕彈校苦創假久錯承印晚蘭試股拿腦預誰益陽若哪微尼繼送急血驚傷素藥適波夜省初喜衛源食險待述陸習置居勞財環排福納歡雷警獲模充負雲停木遊龍樹疑層冷洲衝射略範竟句室異激漢村哈策演簡卡罪判擔州靜退既衣您宗積餘痛檢差富靈協角佔配徵修皮揮勝降階審沉堅善媽劉讀啊超免壓銀買皇養伊懷執副亂抗犯追幫宣佛歲航優怪香田鐵控稅左右份穿藝背陣草腳概惡塊頓敢守酒島托央戶烈洋哥索胡款靠評版寶座釋景顧弟登貨互付伯慢歐換聞危忙核暗姐介壞討麗良序升監臨亮露永呼味野架域沙掉括艦魚雜誤灣吉減編楚肯測敗屋跑夢散溫困劍漸封救貴槍缺樓縣尚毫移娘朋畫班智亦耳恩短掌恐遺固席松秘謝魯遇康慮幸均銷鐘詩藏趕劇票損忽巨炮舊端探湖錄葉春鄉附吸予禮港雨呀板庭婦歸睛飯額含順輸搖招婚脫補謂督毒油療旅澤材滅逐莫筆亡鮮詞聖擇尋廠睡博勒煙授諾倫岸奧唐賣俄炸載洛健堂旁宮喝借君禁陰園謀宋避抓榮姑孫逃牙束跳頂玉鎮雪午練迫爺篇肉嘴館遍凡礎洞卷坦牛寧紙諸訓私莊祖絲翻暴森塔默握戲隱熟骨訪弱蒙歌店鬼軟典欲薩夥遭盤爸擴蓋弄雄穩忘億刺擁徒姆楊齊賽趣曲刀床迎冰虛玩析窗醒妻透購替塞努休虎揚途侵刑綠兄迅套貿畢唯谷輪庫跡尤競街促延震棄甲偉麻川申緩潛閃售燈針哲絡抵朱埃抱鼓植純夏忍頁傑築折鄭貝尊吳秀混臣雅振染盛怒舞圓搞狂措姓殘秋培迷誠寬宇猛擺梅毀伸摩盟末乃悲拍丁趙佳',
);

const isHangul = (cp: number): number => (cp >= 0xac00 && cp <= 0xd7a3 ? 1 : 0);
const isKana = (cp: number): number => ((cp >= 0x3041 && cp <= 0x309f) || (cp >= 0x30a0 && cp <= 0x30ff) ? 1 : 0);
const isCyrillicLower = (cp: number): number => (cp >= 0x0430 && cp <= 0x044f ? 1 : 0);
const isThai = (cp: number): number => (cp >= 0x0e01 && cp <= 0x0e5b ? 1 : 0);
const THAI_MARK = (cp: number): boolean => cp === 0x0e31 || (cp >= 0x0e34 && cp <= 0x0e3a) || (cp >= 0x0e47 && cp <= 0x0e4e);
const isHebrew = (cp: number): number => (cp >= 0x05d0 && cp <= 0x05ea ? 1 : 0);
const japanese = (cp: number): number => isKana(cp) + (cp >= 0x4e00 && cp <= 0x9fff ? 0.3 : 0);

const CANDIDATES: Candidate[] = [
  { decoder: 'euc-kr', width: 2, label: 'euc-kr', score: isHangul },
  { decoder: 'euc-jp', width: 2, label: 'euc-jp', score: japanese },
  { decoder: 'shift_jis', width: 2, label: 'shift_jis', score: japanese },
  { decoder: 'gbk', width: 2, label: 'gb2312', score: (cp) => (SIMPLIFIED.has(String.fromCharCode(cp)) ? 1 : 0) },
  { decoder: 'big5', width: 2, label: 'big5', score: (cp) => (TRADITIONAL.has(String.fromCharCode(cp)) ? 1 : 0) },
  { decoder: 'koi8-r', width: 1, label: 'koi8-r', score: isCyrillicLower },
  { decoder: 'windows-1251', width: 1, label: 'windows-1251', score: isCyrillicLower },
  { decoder: 'windows-874', width: 1, label: 'tis-620', score: isThai },
  { decoder: 'windows-1255', width: 1, label: 'windows-1255', score: isHebrew },
];

/** Characters no real text has: replacement, C1 controls, private use, half-width katakana runs from bad DBCS. */
function penalty(cp: number): number {
  if (cp === 0xfffd) return 4;
  if (cp >= 0x80 && cp <= 0x9f) return 2;
  if ((cp >= 0xe000 && cp <= 0xf8ff) || (cp >= 0xff61 && cp <= 0xff9f)) return 1;
  return 0;
}

/**
 * Best guess among common legacy charsets (EUC-KR, EUC-JP, Shift_JIS, GBK, Big5, KOI8-R, windows-1251, TIS-620,
 * windows-1255) for non-UTF-8 bytes; null when none fits clearly (callers fall back to windows-1252).
 */
export function guessCharset(bytes: Uint8Array): { decoder: string; label: string } | null {
  const sample = bytes.subarray(0, MAX_SCAN_BYTES);
  let nonAscii = 0;
  for (const byte of sample) if (byte >= 0x80) nonAscii++;
  if (nonAscii < 4) return null;
  let best: Candidate | null = null;
  let bestScore = 0;
  for (const candidate of CANDIDATES) {
    const text = iconv.decode(Buffer.from(sample.buffer, sample.byteOffset, sample.byteLength), candidate.decoder);
    let score = 0;
    let previous = 0;
    for (let i = 0; i < text.length; i++) {
      const cp = text.charCodeAt(i);
      if (cp >= 0x80) {
        score += (candidate.score(cp) - penalty(cp)) * candidate.width;
        // Thai vowel and tone marks only follow a Thai consonant: random bytes read as Thai break this constantly.
        if (THAI_MARK(cp) && !(previous >= 0x0e01 && previous <= 0x0e2e) && !THAI_MARK(previous)) score -= 3;
      }
      previous = cp;
    }
    // Require the script to cover a good part of the non-ASCII bytes, not a few chance hits.
    if (score / nonAscii > 0.25 && score > bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best === null ? null : { decoder: best.decoder, label: best.label };
}
