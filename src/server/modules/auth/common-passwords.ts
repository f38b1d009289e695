/**
 * Passwords that appear at the top of published leak statistics (international and Chinese
 * lists). Compared case-insensitively; a password that is one of these with only digits or
 * symbols appended is refused too.
 */
export const COMMON_PASSWORDS = new Set(
  `123456 123456789 12345678 password qwerty 12345 1234567 111111 123123 1234567890 000000 abc123
password1 iloveyou 1q2w3e4r 1qaz2wsx qwerty123 qwertyuiop 654321 666666 888888 5201314 woaini
woaini1314 a123456 a12345678 aa123456 aa12345678 abc12345 abcd1234 admin admin123 admin888 root
root123 test test123 passw0rd p@ssw0rd p@ssword p@55w0rd welcome welcome1 letmein monkey dragon
sunshine princess football baseball master shadow superman batman trustno1 zaq12wsx qazwsx
1qazxsw2 zxcvbnm asdfghjkl asdf1234 qwer1234 1234qwer 147258369 159357 147258 987654321 112233
123321 123qwe qwe123 q1w2e3r4 a1b2c3d4 aaaaaa 11111111 88888888 66666666 00000000 123654
password123 password12 admin@123 admin1234 administrator changeme default guest user 520520
1314520 iloveyou1 huang123 zhang123 wang123 li123456 chen123 liu123 yang123 wangyu woaini520
zhangwei wangwei lijing qq123456 qq5201314 taobao baidu weixin aini1314 5211314 7758521
woaini123 abc123456 a1234567 qwe123456 zxc123456 asd123456 12qwaszx 1q2w3e 1a2b3c 1a2b3c4d
gov123456 zuzhibu yuhuan yuzhidu yuzhidu123`
    .split(/\s+/)
    .filter(Boolean),
);
