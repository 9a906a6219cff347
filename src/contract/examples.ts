/**
 * The longer example values of the contract's sections. The contract's example email addresses are
 * redacted in its text ("[email protected]"); example.com addresses stand in for them, and the
 * examples' JSON syntax slips (trailing commas) are fixed.
 */

export const EXAMPLE_USER_ID = '4b07e7af-798a-4f68-9b2c-561a8300eac2';
export const EXAMPLE_DETAIL_ACCOUNTS = [
  {
    accountGroup: '9',
    accountGroupName: '账户组测试99',
    accountId: '2090001252',
    accountName: 'demo',
    accountType: 'Live',
    balance: 1014.07,
    currency: 'USD',
    leverage: 100,
    platformName: 'MT4',
    serverName: 'MT4-Live',
    status: true,
  },
  {
    accountId: '2090005469',
    accountName: 'demo',
    accountType: 'Demo',
    balance: 0,
    currency: 'USD',
    leverage: 100,
    platformName: 'MT4',
    serverName: 'MT4-Demo',
    status: true,
  },
];
export const EXAMPLE_AVATAR =
  '//broker-upload.oss-cn-hangzhou.aliyuncs.com/test/45d952ed-8ca9-4fac-8302-6e735e4d105e.png';
export const EXAMPLE_PROFILE = {
  base: {
    accountName: 'test',
    birthday: '2017-03-01',
    email: 'test@example.com',
    gender: '0',
    homePlace: { city: '', country: '3225', province: '' },
    idAddress: '',
    nationality: '',
    phones: { countryCode: '+886', phone: '12312', phoneStr: '+886 12312' },
    residence: { city: '', country: '', province: '' },
    standbyTelephone: { countryCode: '', phone: '', phoneStr: ' ' },
  },
  cert: {
    addressDocType: '',
    addressFile1: '',
    addressFile2: '',
    bankCardFile1: '',
    bankCardFile2: '',
    idNum: '11111111111',
    idType: '',
    idUrl1: '',
    idUrl2: '',
  },
  finance: {
    aba: '',
    accountNo: '',
    bankAccount: '',
    bankAddress: { city: '', country: '', province: '' },
    incomeSource: '',
    investmentExperience: [],
    investmentPurpose: '',
    investmentQuota: '',
    investmentYear: '',
    knowledgeLevel: '',
    netAssets: '',
    remark: '',
    swift: '',
    totalAssets: '',
    bankBranch: '',
  },
};
// 2.12's example posts the 2.11 document with two finance fields more and bankBranch less.
const { bankBranch: _unposted, ...EXAMPLE_FINANCE_POSTED } = EXAMPLE_PROFILE.finance;
export const EXAMPLE_PROFILE_UPDATE = {
  ...EXAMPLE_PROFILE,
  finance: { ...EXAMPLE_FINANCE_POSTED, floatingAssets: '', netIncome: '', transactionsPerYear: '' },
};

/** 2.7: one page with one user. */
export const EXAMPLE_SEARCH_PAGE = {
  list: [
    {
      accounts: [
        '2090004028',
        '2090004033',
        '2090004045',
        '2090004047',
        '2090004048',
        '2090004050',
        '2090004056',
        '2090004059',
      ],
      email: 'bruce@example.com',
      isEnable: true,
      lastLoginTime: 1491403147458,
      phone: '18602920465',
      pubUserId: 'ac59a7d8-7860-49a7-b8dc-d3cce3196146',
      realName: 'bruce',
      registerTime: 1490780106812,
    },
  ],
  offset: 0,
  pager: 1,
  pages: 1,
  size: 10,
  total: 1,
};
