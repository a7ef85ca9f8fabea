package dev.outpost.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Table-driven: each row is a sentence, then the landing (referrer | query string | user agent), then the
 * expected channel | network | source. Empty cells are null. User agents are named (see {@link #UAS}) to keep
 * rows short; any other value is used as the raw User-Agent.
 */
class SourceClassifierTest {

    private static final Set<String> SITE = Set.of("myblog.dev");

    /** Real in-app and browser User-Agent strings. */
    private static final Map<String, String> UAS = Map.ofEntries(
            Map.entry("FB_IOS", "Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 "
                    + "(KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/431.0.0.44.108;FBBV/520598227;"
                    + "FBDV/iPhone14,2;FBMD/iPhone;FBSN/iOS;FBSV/16.6;FBSS/3;FBID/phone;FBLC/en_US;FBOP/5]"),
            Map.entry("FB_ANDROID", "Mozilla/5.0 (Linux; Android 13; SM-S901B Build/TP1A.220624.014; wv) "
                    + "AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/119.0.6045.163 Mobile "
                    + "Safari/537.36 [FB_IAB/FB4A;FBAV/442.0.0.33.113;]"),
            Map.entry("MESSENGER_IOS", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
                    + "(KHTML, like Gecko) Mobile/15E148 [FBAN/MessengerForiOS;FBAV/430.0.0.37.104;"
                    + "FBBV/518227893;FBDV/iPhone13,2;FBMD/iPhone;FBSN/iOS;FBSV/17.0;FBSS/3;FBCR/;FBID/phone]"),
            Map.entry("IG_IOS", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 "
                    + "(KHTML, like Gecko) Mobile/15E148 Instagram 307.0.0.34.111 (iPhone14,5; iOS 17_1; en_US; "
                    + "en; scale=3.00; 1170x2532; 531302520)"),
            Map.entry("IG_ANDROID", "Mozilla/5.0 (Linux; Android 13; SM-A325F Build/TP1A.220624.014; wv) "
                    + "AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/116.0.5845.163 Mobile "
                    + "Safari/537.36 Instagram 301.0.0.33.110 Android (33/13; 420dpi; 1080x2220; samsung; "
                    + "SM-A325F; a32; mt6769t; en_US; 517795235)"),
            Map.entry("THREADS_IOS", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1_1 like Mac OS X) AppleWebKit/605.1.15 "
                    + "(KHTML, like Gecko) Mobile/15E148 Barcelona 289.0.0.77.109 (iPhone15,3; iOS 17_1_1; en_US; "
                    + "en; scale=3.00; 1290x2796; 493459366)"),
            Map.entry("TIKTOK_IOS", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
                    + "(KHTML, like Gecko) Mobile/15E148 musical_ly_31.5.0 JsSdk/2.0 NetType/WIFI Channel/App "
                    + "Store ByteLocale/en Region/US isDarkMode/0 WKWebView/1 RevealType/Dialog BytedanceWebview/d8a21c6"),
            Map.entry("TIKTOK_ANDROID", "Mozilla/5.0 (Linux; Android 12; SM-G991B Build/SP1A.210812.016; wv) "
                    + "AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/114.0.5735.196 Mobile "
                    + "Safari/537.36 trill_2023105030 JsSdk/1.0 NetType/WIFI Channel/googleplay AppName/trill "
                    + "app_version/31.5.3 ByteLocale/en ByteFullLocale/en Region/GB BytedanceWebview/d8a21c6"),
            Map.entry("LINKEDIN_IOS", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1_2 like Mac OS X) AppleWebKit/605.1.15 "
                    + "(KHTML, like Gecko) Mobile/15E148 [LinkedInApp]/9.29.6474"),
            Map.entry("SNAPCHAT_IOS", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 "
                    + "(KHTML, like Gecko) Mobile/15E148 Snapchat/12.58.0.35 (like Safari/8616.2.9.10.9, panda)"),
            Map.entry("PINTEREST_IOS", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
                    + "(KHTML, like Gecko) Mobile/15E148 [Pinterest/iOS]"),
            Map.entry("WECHAT", "Mozilla/5.0 (iPhone; CPU iPhone OS 16_5 like Mac OS X) AppleWebKit/605.1.15 "
                    + "(KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.42(0x18002a2f) NetType/WIFI "
                    + "Language/zh_CN"),
            Map.entry("LINE_ANDROID", "Mozilla/5.0 (Linux; Android 13; Pixel 7 Build/TQ3A.230901.001; wv) "
                    + "AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/117.0.5938.60 Mobile "
                    + "Safari/537.36 Line/13.15.1/IAB"),
            Map.entry("CHROME", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                    + "Chrome/120.0.0.0 Safari/537.36"),
            Map.entry("SAFARI_IOS", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 "
                    + "(KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1"),
            Map.entry("FB_CRAWLER", "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)"),
            Map.entry("PINTEREST_CRAWLER", "Pinterest/0.2 (+https://www.pinterest.com/bot.html)"),
            Map.entry("TIKTOK_CRAWLER", "Mozilla/5.0 (Linux; Android 5.0) AppleWebKit/537.36 (KHTML, like Gecko) "
                    + "Mobile Safari/537.36 (compatible; TikTokSpider; ttspider-feedback@tiktok.com)"));

    private final SourceClassifier classifier = SourceClassifier.standard();

    static Landing landing(String referrer, String query, String ua) {
        Map<String, String> params = new LinkedHashMap<>();
        if (query != null) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                params.putIfAbsent(name, eq < 0 ? "" : pair.substring(eq + 1));
            }
        }
        return new Landing(params, referrer, SITE, ua == null ? null : UAS.getOrDefault(ua, ua));
    }

    private Source check(String referrer, String query, String ua, String channel, String network, String source) {
        Source s = classifier.classify(landing(referrer, query, ua));
        assertThat(s.channel().key()).as("channel").isEqualTo(channel);
        assertThat(s.network()).as("network").isEqualTo(network);
        assertThat(s.source()).as("source").isEqualTo(source);
        return s;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a Facebook link shim is social Facebook              | https://l.facebook.com/                       | | | social | Facebook    | Facebook
            the Facebook lite link shim is Facebook              | https://lm.facebook.com/l.php?u=x             | | | social | Facebook    | Facebook
            mobile Facebook is Facebook                          | https://m.facebook.com/                       | | | social | Facebook    | Facebook
            a regional Facebook subdomain walks up to Facebook   | https://de-de.facebook.com/                   | | | social | Facebook    | Facebook
            the fb.me short link is Facebook                     | http://fb.me/e/abc                            | | | social | Facebook    | Facebook
            the Facebook Android app is Facebook                 | android-app://com.facebook.katana/            | | | social | Facebook    | Facebook
            the Instagram link shim is Instagram                 | https://l.instagram.com/?u=https%3A%2F%2Fmyblog.dev%2F&e=AT0 | | | social | Instagram | Instagram
            the Instagram Android app is Instagram               | android-app://com.instagram.android/          | | | social | Instagram   | Instagram
            the t.co link shim is X                              | https://t.co/AbC123xyZ                        | | | social | X           | X
            old twitter.com is X                                 | https://twitter.com/                          | | | social | X           | X
            mobile twitter is X                                  | https://mobile.twitter.com/someone            | | | social | X           | X
            x.com is X                                           | https://x.com/someone/status/1790000000000000000 | | | social | X        | X
            the X Android app is X                               | android-app://com.twitter.android/            | | | social | X           | X
            LinkedIn is LinkedIn                                 | https://www.linkedin.com/                     | | | social | LinkedIn    | LinkedIn
            the lnkd.in short link is LinkedIn                   | https://lnkd.in/e9xYzAb                       | | | social | LinkedIn    | LinkedIn
            the LinkedIn Android app is LinkedIn                 | android-app://com.linkedin.android/           | | | social | LinkedIn    | LinkedIn
            a subreddit is Reddit                                | https://www.reddit.com/r/java/comments/abc/x/ | | | social | Reddit      | Reddit
            old reddit is Reddit                                 | https://old.reddit.com/                       | | | social | Reddit      | Reddit
            the out.reddit.com shim is Reddit                    | https://out.reddit.com/t3_1abcde?url=x        | | | social | Reddit      | Reddit
            the redd.it short link is Reddit                     | https://redd.it/1abcde                        | | | social | Reddit      | Reddit
            the Reddit Android app is Reddit                     | android-app://com.reddit.frontpage/           | | | social | Reddit      | Reddit
            Hacker News front page is Hacker News                | https://news.ycombinator.com/                 | | | social | Hacker News | Hacker News
            a Hacker News item is Hacker News                    | https://news.ycombinator.com/item?id=38000000 | | | social | Hacker News | Hacker News
            YouTube is YouTube                                   | https://www.youtube.com/                      | | | social | YouTube     | YouTube
            mobile YouTube is YouTube                            | https://m.youtube.com/watch?v=dQw4w9WgXcQ     | | | social | YouTube     | YouTube
            the youtu.be short link is YouTube                   | https://youtu.be/dQw4w9WgXcQ                  | | | social | YouTube     | YouTube
            the YouTube Android app is YouTube                   | android-app://com.google.android.youtube/     | | | social | YouTube     | YouTube
            Pinterest is Pinterest                               | https://www.pinterest.com/                    | | | social | Pinterest   | Pinterest
            German Pinterest is Pinterest                        | https://www.pinterest.de/                     | | | social | Pinterest   | Pinterest
            British Pinterest is Pinterest                       | https://www.pinterest.co.uk/pin/123/          | | | social | Pinterest   | Pinterest
            a country subdomain of Pinterest is Pinterest        | https://br.pinterest.com/                     | | | social | Pinterest   | Pinterest
            the pin.it short link is Pinterest                   | https://pin.it/4abcDEF                        | | | social | Pinterest   | Pinterest
            TikTok is TikTok                                     | https://www.tiktok.com/                       | | | social | TikTok      | TikTok
            the vm.tiktok.com short link is TikTok               | https://vm.tiktok.com/ZMabcdef/               | | | social | TikTok      | TikTok
            the TikTok Android app is TikTok                     | android-app://com.zhiliaoapp.musically/       | | | social | TikTok      | TikTok
            Bluesky is Bluesky                                   | https://bsky.app/profile/someone.bsky.social/post/3k | | | social | Bluesky | Bluesky
            the go.bsky.app short link is Bluesky                | https://go.bsky.app/abc                       | | | social | Bluesky     | Bluesky
            the Threads link shim is Threads                     | https://l.threads.net/?u=x                    | | | social | Threads     | Threads
            threads.com is Threads                               | https://www.threads.com/@someone              | | | social | Threads     | Threads
            Quora is Quora                                       | https://www.quora.com/                        | | | social | Quora       | Quora
            a Medium custom subdomain is Medium                  | https://someone.medium.com/a-post-123         | | | social | Medium      | Medium
            the Tumblr link shim is Tumblr                       | https://t.umblr.com/redirect?z=x              | | | social | Tumblr      | Tumblr
            a Discord channel is Discord                         | https://discord.com/channels/1/2              | | | social | Discord     | Discord
            a Telegram channel link is Telegram                  | https://t.me/somechannel                      | | | social | Telegram    | Telegram
            the Telegram Android app is Telegram                 | android-app://org.telegram.messenger/         | | | social | Telegram    | Telegram
            WhatsApp Web is WhatsApp                             | https://web.whatsapp.com/                     | | | social | WhatsApp    | WhatsApp
            the wa.me short link is WhatsApp                     | https://wa.me/15551234567                     | | | social | WhatsApp    | WhatsApp
            Snapchat is Snapchat                                 | https://www.snapchat.com/                     | | | social | Snapchat    | Snapchat
            the VK away shim is VK                               | https://away.vk.com/away.php?to=x             | | | social | VK          | VK
            vk.ru is VK                                          | https://vk.ru/                                | | | social | VK          | VK
            mobile Weibo is Weibo                                | https://m.weibo.cn/status/1                   | | | social | Weibo       | Weibo
            a Substack publication is Substack                   | https://someone.substack.com/p/a-post         | | | social | Substack    | Substack
            Product Hunt is Product Hunt                         | https://www.producthunt.com/posts/outpost     | | | social | Product Hunt | Product Hunt
            the Slack link redirector is Slack                   | https://slack-redir.net/link?url=x            | | | social | Slack       | Slack
            the Slack Android app is Slack                       | android-app://com.Slack/                      | | | social | Slack       | Slack
            Lobsters is Lobsters                                 | https://lobste.rs/s/abc                       | | | social | Lobsters    | Lobsters
            """)
    void social_networks_are_recognised_by_their_real_referrers(String sentence, String referrer, String query,
                                                                 String ua, String channel, String network,
                                                                 String source) {
        check(referrer, query, ua, channel, network, source);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            mastodon.social is Mastodon              | https://mastodon.social/@someone/111 | | | social | Mastodon | Mastodon
            mastodon.online is Mastodon              | https://mastodon.online/             | | | social | Mastodon | Mastodon
            fosstodon.org is Mastodon                | https://fosstodon.org/@someone       | | | social | Mastodon | Mastodon
            hachyderm.io is Mastodon                 | https://hachyderm.io/                | | | social | Mastodon | Mastodon
            infosec.exchange is Mastodon             | https://infosec.exchange/            | | | social | Mastodon | Mastodon
            mas.to is Mastodon                       | https://mas.to/                      | | | social | Mastodon | Mastodon
            mstdn.social is Mastodon                 | https://mstdn.social/                | | | social | Mastodon | Mastodon
            the Mastodon Android app is Mastodon     | android-app://org.joinmastodon.android/ | | | social | Mastodon | Mastodon
            lemmy.world is Lemmy                     | https://lemmy.world/post/1           | | | social | Lemmy    | Lemmy
            lemmy.ml is Lemmy                        | https://lemmy.ml/                    | | | social | Lemmy    | Lemmy
            sh.itjust.works is Lemmy                 | https://sh.itjust.works/             | | | social | Lemmy    | Lemmy
            beehaw.org is Lemmy                      | https://beehaw.org/                  | | | social | Lemmy    | Lemmy
            programming.dev is Lemmy                 | https://programming.dev/post/1       | | | social | Lemmy    | Lemmy
            an unknown fediverse server is a plain referral | https://social.example.net/@x | | | referral |      | social.example.net
            """)
    void fediverse_instances_are_mastodon_or_lemmy(String sentence, String referrer, String query, String ua,
                                                   String channel, String network, String source) {
        check(referrer, query, ua, channel, network, source);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            google.com is Google search                  | https://www.google.com/                 | | | search | | Google
            google.com without www is Google search      | https://google.com/                     | | | search | | Google
            German Google is Google search               | https://www.google.de/                  | | | search | | Google
            British Google is Google search              | https://www.google.co.uk/               | | | search | | Google
            Australian Google is Google search           | https://www.google.com.au/              | | | search | | Google
            Japanese Google is Google search             | https://www.google.co.jp/               | | | search | | Google
            Google News counts as Google search          | https://news.google.com/                | | | search | | Google
            the Google app is Google search              | android-app://com.google.android.googlequicksearchbox/ | | | search | | Google
            a Google Doc is a referral, not a search     | https://docs.google.com/document/d/1abc | | | referral | | docs.google.com
            a lookalike google domain is a referral      | https://google.evil-example.com/        | | | referral | | google.evil-example.com
            Bing is Bing                                 | https://www.bing.com/                   | | | search | | Bing
            Chinese Bing is Bing                         | https://cn.bing.com/                    | | | search | | Bing
            DuckDuckGo is DuckDuckGo                     | https://duckduckgo.com/                 | | | search | | DuckDuckGo
            Yahoo search is Yahoo                        | https://search.yahoo.com/               | | | search | | Yahoo
            a regional Yahoo search is Yahoo             | https://de.search.yahoo.com/            | | | search | | Yahoo
            the Yahoo search redirector is Yahoo         | https://r.search.yahoo.com/_ylt=abc     | | | search | | Yahoo
            yandex.ru is Yandex                          | https://yandex.ru/                      | | | search | | Yandex
            Turkish Yandex is Yandex                     | https://yandex.com.tr/                  | | | search | | Yandex
            ya.ru is Yandex                              | https://ya.ru/                          | | | search | | Yandex
            a Baidu result link is Baidu                 | https://www.baidu.com/link?url=abc      | | | search | | Baidu
            Ecosia is Ecosia                             | https://www.ecosia.org/                 | | | search | | Ecosia
            Brave search is Brave                        | https://search.brave.com/               | | | search | | Brave
            Startpage is Startpage                       | https://www.startpage.com/              | | | search | | Startpage
            Qwant is Qwant                               | https://www.qwant.com/                  | | | search | | Qwant
            Kagi is Kagi                                 | https://kagi.com/                       | | | search | | Kagi
            Naver search is Naver                        | https://search.naver.com/search.naver   | | | search | | Naver
            Seznam is Seznam                             | https://search.seznam.cz/               | | | search | | Seznam
            Ask is Ask                                   | https://www.ask.com/                    | | | search | | Ask
            AOL search is AOL                            | https://search.aol.com/                 | | | search | | AOL
            Sogou is Sogou                               | https://www.sogou.com/                  | | | search | | Sogou
            so.com is So.com                             | https://www.so.com/                     | | | search | | So.com
            """)
    void search_engines_give_search(String sentence, String referrer, String query, String ua, String channel,
                                    String network, String source) {
        check(referrer, query, ua, channel, network, source);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            chatgpt.com is ChatGPT                       | https://chatgpt.com/                | | | ai | | ChatGPT
            the old ChatGPT host is ChatGPT              | https://chat.openai.com/            | | | ai | | ChatGPT
            Perplexity is Perplexity                     | https://www.perplexity.ai/          | | | ai | | Perplexity
            claude.ai is Claude                          | https://claude.ai/                  | | | ai | | Claude
            Gemini is AI even though it is on google.com | https://gemini.google.com/app       | | | ai | | Gemini
            Copilot is Copilot                           | https://copilot.microsoft.com/      | | | ai | | Copilot
            DeepSeek chat is DeepSeek                    | https://chat.deepseek.com/          | | | ai | | DeepSeek
            Le Chat is Mistral Le Chat                   | https://chat.mistral.ai/chat/abc    | | | ai | | Mistral Le Chat
            meta.ai is Meta AI                           | https://www.meta.ai/                | | | ai | | Meta AI
            grok.com is Grok                             | https://grok.com/                   | | | ai | | Grok
            you.com is You.com                           | https://you.com/                    | | | ai | | You.com
            Phind is Phind                               | https://www.phind.com/              | | | ai | | Phind
            Poe is Poe                                   | https://poe.com/                    | | | ai | | Poe
            the ChatGPT Android app is ChatGPT           | android-app://com.openai.chatgpt/   | | | ai | | ChatGPT
            the utm_source=chatgpt.com ChatGPT adds    |        | utm_source=chatgpt.com           | | ai | | ChatGPT
            utm_source=perplexity is Perplexity          |        | utm_source=perplexity            | | ai | | Perplexity
            utm_source=claude.ai is Claude               |        | utm_source=claude.ai             | | ai | | Claude
            an AI utm_source beats a referral medium     |        | utm_source=ChatGPT&utm_medium=referral | | ai | | ChatGPT
            """)
    void ai_assistants_give_ai_by_referrer_or_utm_source(String sentence, String referrer, String query, String ua,
                                                         String channel, String network, String source) {
        check(referrer, query, ua, channel, network, source);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Gmail on the web is Gmail                     | https://mail.google.com/              | | | email | | Gmail
            the Gmail Android app is Gmail                | android-app://com.google.android.gm/  | | | email | | Gmail
            Outlook.com is Outlook                        | https://outlook.live.com/             | | | email | | Outlook
            Outlook on the web is Outlook                 | https://outlook.office.com/           | | | email | | Outlook
            Office 365 Outlook is Outlook                 | https://outlook.office365.com/mail/   | | | email | | Outlook
            Yahoo Mail is Yahoo Mail, not Yahoo search    | https://mail.yahoo.com/d/folders/1    | | | email | | Yahoo Mail
            Proton Mail is Proton Mail                    | https://mail.proton.me/u/0/inbox      | | | email | | Proton Mail
            AOL Mail is AOL Mail                          | https://mail.aol.com/                 | | | email | | AOL Mail
            Yandex Mail is Yandex Mail, not Yandex search | https://mail.yandex.ru/               | | | email | | Yandex Mail
            Fastmail is Fastmail                          | https://app.fastmail.com/mail/Inbox   | | | email | | Fastmail
            an unknown webmail host is Webmail           | https://webmail.ionos.de/             | | | email | | Webmail
            a mail.* host is Webmail                      | https://mail.example.org/             | | | email | | Webmail
            the mail.ru portal itself is not webmail      | https://mail.ru/                      | | | referral | | mail.ru
            utm_medium=email names a newsletter           |  | utm_source=weekly-digest&utm_medium=email | | email | | weekly-digest
            utm_medium=Newsletter alone is still email    |  | utm_medium=Newsletter                     | | email | |
            utm_medium=e-mail is email                    |  | utm_source=crm&utm_medium=e-mail          | | email | | crm
            utm_source=gmail is Gmail                     |  | utm_source=gmail                          | | email | | Gmail
            """)
    void mail_gives_email(String sentence, String referrer, String query, String ua, String channel, String network,
                          String source) {
        check(referrer, query, ua, channel, network, source);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a gclid is a paid Google click                           |                           | gclid=Cj0KCQ      | | paid | | Google
            a gbraid is a paid Google click                          |                           | gbraid=0AAAAA     | | paid | | Google
            a wbraid is a paid Google click                          |                           | wbraid=CjkKEQ     | | paid | | Google
            a gclid with a Google referrer is still paid             | https://www.google.com/   | gclid=Cj0KCQ      | | paid | | Google
            an msclkid is a paid Bing click                          | https://www.bing.com/     | msclkid=8f1e2d    | | paid | | Bing
            a yclid is a paid Yandex click                           |                           | yclid=123456      | | paid | | Yandex
            a gclid from YouTube is paid social on YouTube           | https://www.youtube.com/  | gclid=Cj0KCQ      | | paid | YouTube | YouTube
            utm_medium=cpc with utm_source=facebook is paid Facebook |                           | utm_source=facebook&utm_medium=cpc  | | paid | Facebook  | Facebook
            utm_medium=paid_social with fb is paid Facebook          |                           | utm_source=fb&utm_medium=paid_social | | paid | Facebook | Facebook
            utm_medium=Paid-Social with ig is paid Instagram         |                           | utm_source=ig&utm_medium=Paid-Social | | paid | Instagram | Instagram
            utm_medium=paidsocial with linkedin is paid LinkedIn     |                           | utm_source=linkedin&utm_medium=paidsocial | | paid | LinkedIn | LinkedIn
            utm_medium=cpc with google is paid search, no network    |                           | utm_source=google&utm_medium=cpc    | | paid |           | Google
            utm_medium=ppc with bing is paid Bing                    |                           | utm_source=bing&utm_medium=ppc      | | paid |           | Bing
            utm_medium=display with an unknown ad network is paid    |                           | utm_source=some-adnetwork&utm_medium=display | | paid | | some-adnetwork
            a paid utm_medium alone makes a Facebook referrer paid   | https://l.facebook.com/   | utm_medium=cpc    | | paid | Facebook | Facebook
            """)
    void ads_give_paid(String sentence, String referrer, String query, String ua, String channel, String network,
                       String source) {
        check(referrer, query, ua, channel, network, source);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            utm_source=fb is Facebook                      | utm_source=fb                     | social | Facebook    | Facebook
            utm_source=facebook is Facebook                | utm_source=facebook               | social | Facebook    | Facebook
            utm_source=facebook.com is Facebook            | utm_source=facebook.com           | social | Facebook    | Facebook
            utm_source=Facebook is Facebook                | utm_source=Facebook               | social | Facebook    | Facebook
            utm_source=FB in capitals is Facebook          | utm_source=FB                     | social | Facebook    | Facebook
            utm_source=ig is Instagram                     | utm_source=ig                     | social | Instagram   | Instagram
            utm_source=instagram is Instagram              | utm_source=instagram              | social | Instagram   | Instagram
            utm_source=tw is X                             | utm_source=tw                     | social | X           | X
            utm_source=twitter is X                        | utm_source=twitter                | social | X           | X
            utm_source=x is X                              | utm_source=x                      | social | X           | X
            utm_source=x.com is X                          | utm_source=x.com                  | social | X           | X
            utm_source=t.co is X                           | utm_source=t.co                   | social | X           | X
            utm_source=linkedin is LinkedIn                | utm_source=linkedin               | social | LinkedIn    | LinkedIn
            utm_source=li is LinkedIn                      | utm_source=li                     | social | LinkedIn    | LinkedIn
            utm_source=lnkd.in is LinkedIn                 | utm_source=lnkd.in                | social | LinkedIn    | LinkedIn
            utm_source=yt is YouTube                       | utm_source=yt                     | social | YouTube     | YouTube
            utm_source=youtube is YouTube                  | utm_source=youtube                | social | YouTube     | YouTube
            utm_source=hn is Hacker News                   | utm_source=hn                     | social | Hacker News | Hacker News
            utm_source=hackernews is Hacker News           | utm_source=hackernews             | social | Hacker News | Hacker News
            utm_source=news.ycombinator.com is Hacker News | utm_source=news.ycombinator.com   | social | Hacker News | Hacker News
            utm_source=Hacker News with a space            | utm_source=Hacker News            | social | Hacker News | Hacker News
            utm_source=reddit is Reddit                    | utm_source=reddit                 | social | Reddit      | Reddit
            utm_source=bsky is Bluesky                     | utm_source=bsky                   | social | Bluesky     | Bluesky
            utm_source=bluesky is Bluesky                  | utm_source=bluesky                | social | Bluesky     | Bluesky
            utm_source=mastodon is Mastodon                | utm_source=mastodon               | social | Mastodon    | Mastodon
            utm_source=product_hunt is Product Hunt        | utm_source=product_hunt           | social | Product Hunt | Product Hunt
            a padded utm_source is trimmed                 | utm_source=  facebook             | social | Facebook    | Facebook
            utm_source=google is Google search             | utm_source=google                 | search |             | Google
            utm_source=ddg is DuckDuckGo                   | utm_source=ddg                    | search |             | DuckDuckGo
            an unknown utm_source is a referral as given   | utm_source=Partner-Blog           | referral |           | Partner-Blog
            an unknown utm_source with social medium       | utm_source=partner&utm_medium=social-media | social | | partner
            a known network wins over a referral medium    | utm_source=reddit&utm_medium=referral | social | Reddit  | Reddit
            an upper-case UTM_SOURCE name is read too      | UTM_SOURCE=fb                     | social | Facebook    | Facebook
            """)
    void utm_source_values_are_normalised(String sentence, String query, String channel, String network,
                                          String source) {
        check(null, query, null, channel, network, source);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            fbclid alone is organic social Facebook             |                            | fbclid=IwAR3x  | social | Facebook  | Facebook  | fbclid
            fbclid from the Instagram shim keeps Instagram      | https://l.instagram.com/   | fbclid=PAAaZ   | social | Instagram | Instagram | fbclid
            fbclid with an unknown referrer is still Facebook   | https://example.net/       | fbclid=IwAR3x  | social | Facebook  | Facebook  | fbclid
            twclid is X                                         |                            | twclid=2abc    | social | X         | X         | twclid
            li_fat_id is LinkedIn                               |                            | li_fat_id=abc  | social | LinkedIn  | LinkedIn  | li_fat_id
            ttclid is TikTok                                    |                            | ttclid=E.C.P   | social | TikTok    | TikTok    | ttclid
            rdt_cid is Reddit                                   |                            | rdt_cid=123    | social | Reddit    | Reddit    | rdt_cid
            ScCid is Snapchat                                   |                            | ScCid=abc      | social | Snapchat  | Snapchat  | ScCid
            lower-case sccid is Snapchat too                    |                            | sccid=abc      | social | Snapchat  | Snapchat  | sccid
            epik is Pinterest                                   |                            | epik=dj0yJnU9  | social | Pinterest | Pinterest | epik
            click ids are case-sensitive: FBCLID is nothing     |                            | FBCLID=IwAR3x  | direct |           |           |
            utm_source beats a click id, which is still kept    |                            | utm_source=newsletter&fbclid=IwAR3x | referral | | newsletter | fbclid
            an ordinary parameter is no click id                |                            | page=2         | direct |           |           |
            """)
    void click_ids_mark_their_network(String sentence, String referrer, String query, String channel,
                                      String network, String source, String clickId) {
        Source s = check(referrer, query, null, channel, network, source);
        assertThat(s.clickId()).as("clickId").isEqualTo(clickId);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a link from our own site is internal                | https://myblog.dev/about        |                | direct   |          |           | true
            our www host is internal too                        | https://www.myblog.dev/         |                | direct   |          |           | true
            our host in capitals with a port is internal        | http://MYBLOG.DEV:8080/x        |                | direct   |          |           | true
            a subdomain we did not list is not internal         | https://shop.myblog.dev/        |                | referral |          | shop.myblog.dev | false
            utm tags still classify an internal landing         | https://myblog.dev/             | utm_source=fb  | social   | Facebook | Facebook  | true
            no referrer at all is direct and not internal       |                                 |                | direct   |          |           | false
            """)
    void self_referrals_are_internal_and_never_a_source(String sentence, String referrer, String query,
                                                         String channel, String network, String source,
                                                         boolean internal) {
        Source s = check(referrer, query, null, channel, network, source);
        assertThat(s.internal()).as("internal").isEqualTo(internal);
        if (internal) {
            assertThat(s.referrerHost()).as("referrerHost").isNull();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            the Facebook iOS app browser is Facebook            | FB_IOS            |                          |                 | social | Facebook  | Facebook
            the Facebook Android app browser is Facebook        | FB_ANDROID        |                          |                 | social | Facebook  | Facebook
            the Messenger browser is Messenger, not Facebook    | MESSENGER_IOS     |                          |                 | social | Messenger | Messenger
            the Instagram iOS app browser is Instagram          | IG_IOS            |                          |                 | social | Instagram | Instagram
            the Instagram Android app browser is Instagram      | IG_ANDROID        |                          |                 | social | Instagram | Instagram
            the Threads app browser is Threads                  | THREADS_IOS       |                          |                 | social | Threads   | Threads
            the TikTok iOS app browser is TikTok                | TIKTOK_IOS        |                          |                 | social | TikTok    | TikTok
            the TikTok Android app browser is TikTok            | TIKTOK_ANDROID    |                          |                 | social | TikTok    | TikTok
            the LinkedIn app browser is LinkedIn                | LINKEDIN_IOS      |                          |                 | social | LinkedIn  | LinkedIn
            the Snapchat app browser is Snapchat                | SNAPCHAT_IOS      |                          |                 | social | Snapchat  | Snapchat
            the Pinterest app browser is Pinterest              | PINTEREST_IOS     |                          |                 | social | Pinterest | Pinterest
            the WeChat browser is WeChat                        | WECHAT            |                          |                 | social | WeChat    | WeChat
            the LINE browser is LINE                            | LINE_ANDROID      |                          |                 | social | LINE      | LINE
            a Google referrer beats the Facebook app browser    | FB_IOS            | https://www.google.com/  |                 | search |           | Google
            an unknown referrer beats the Instagram app browser | IG_IOS            | https://example.net/x    |                 | referral |         | example.net
            the Instagram shim in the Instagram browser         | IG_ANDROID        | https://l.instagram.com/ |                 | social | Instagram | Instagram
            an email campaign beats the Facebook app browser    | FB_ANDROID        |                          | utm_source=newsletter&utm_medium=email | email | | newsletter
            a bare utm_campaign does not hide the app browser   | TIKTOK_IOS        |                          | utm_campaign=spring |  social | TikTok | TikTok
            an internal referrer does not hide the app browser  | FB_IOS            | https://myblog.dev/      |                 | social | Facebook  | Facebook
            desktop Chrome without referrer is direct           | CHROME            |                          |                 | direct |           |
            mobile Safari without referrer is direct            | SAFARI_IOS        |                          |                 | direct |           |
            the Facebook link crawler is no app browser         | FB_CRAWLER        |                          |                 | direct |           |
            the Pinterest crawler is no app browser             | PINTEREST_CRAWLER |                          |                 | direct |           |
            the TikTok crawler is no app browser                | TIKTOK_CRAWLER    |                          |                 | direct |           |
            """)
    void in_app_browsers_name_their_network_when_nothing_else_does(String sentence, String ua, String referrer,
                                                                   String query, String channel, String network,
                                                                   String source) {
        check(referrer, query, ua, channel, network, source);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            the string null is no referrer                  | null                                   | direct   |  |
            undefined is no referrer                        | undefined                              | direct   |  |
            blanks are no referrer                          | "   "                                  | direct   |  |
            an empty referrer is direct                     | ""                                     | direct   |  |
            a relative path is no referrer                  | /blog/some-post                        | direct   |  |
            about:blank is no referrer                      | about:blank                            | direct   |  |
            a file URL is no referrer                       | file:///C:/Users/me/page.html          | direct   |  |
            a browser extension is no referrer              | chrome-extension://abcdefghijklmnop/popup.html | direct | |
            javascript: is no referrer                      | javascript:void(0)                     | direct   |  |
            words with spaces are no referrer               | not a url at all                       | direct   |  |
            a scheme without host is no referrer            | https://                               | direct   |  |
            a host with a space is no referrer              | https://exa mple.com/                  | direct   |  |
            a missing scheme is read as a host              | t.co/AbC123                            | social   | X        | X
            a protocol-relative URL is read                 | //news.ycombinator.com/item?id=1       | social   | Hacker News | Hacker News
            an upper-case URL is read                       | HTTPS://WWW.FACEBOOK.COM/              | social   | Facebook | Facebook
            a trailing dot on the host is ignored           | https://www.google.com./               | search   |          | Google
            a port on the host is ignored                   | https://news.ycombinator.com:443/item?id=1 | social | Hacker News | Hacker News
            user info in the URL is ignored                 | https://user:secret@example.net/       | referral |          | example.net
            an IPv6 literal is a referral                   | http://[2001:db8::1]:8080/page         | referral |          | [2001:db8::1]
            an IPv4 address is a referral                   | http://192.168.1.10:3000/              | referral |          | 192.168.1.10
            an international domain is a referral           | https://bücher.de/                     | referral |          | bücher.de
            an unknown site is a referral named by host     | https://www.example.com/some/page?x=1  | referral |          | example.com
            an unknown Android app is a referral            | android-app://com.example.reader/      | referral |          | com.example.reader
            a URL inside the query does not confuse parsing | t.co/abc?u=https://evil.example        | social   | X        | X
            """)
    void odd_referrers_never_throw_and_are_read_sensibly(String sentence, String referrer, String channel,
                                                          String network, String source) {
        check(referrer, null, null, channel, network, source);
    }

    /** The classes issue 17 found wrong, one row each; the public lists (lists/) supply most of the hosts. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Google Images in a country is Google search     | https://images.google.de/        |                              | search   |           | Google
            Google News in a country is Google search       | https://news.google.co.uk/       |                              | search   |           | Google
            encrypted.google.com is Google search           | https://encrypted.google.com/    |                              | search   |           | Google
            Google's cache is Google search                 | https://webcache.googleusercontent.com/search?q=cache:x |  | search   |           | Google
            a Yahoo country portal is Yahoo search          | https://de.yahoo.com/            |                              | search   |           | Yahoo
            Yandex's click redirector is Yandex search      | https://clck.yandex.ru/redir/abc |                              | search   |           | Yandex
            go.mail.ru is a search engine                   | https://go.mail.ru/search?q=x    |                              | search   |           | Mailru
            Ixquick is Startpage                            | https://s3-us3.ixquick.com/do/search |                          | search   |           | Startpage
            Virgilio is a search engine                     | https://ricerca.virgilio.it/     |                              | search   |           | Virgilio
            GMX's dereferrer is email                       | https://deref-gmx.net/mail/client/x/dereferrer/ |               | email    |           | GMX
            web.de's dereferrer is email                    | https://deref-web.de/mail/client/x/ |                           | email    |           | Web.de
            Ionos webmail is email                          | https://email.ionos.de/          |                              | email    |           | Ionos
            Orange webmail is email                         | https://mail01.orange.fr/        |                              | email    |           | Orange Mail
            T-Online webmail is email                       | https://email.t-online.de/       |                              | email    |           | T-online
            Bluewin webmail is email                        | https://rich-v01.bluewin.ch/     |                              | email    |           | Bluewin
            Outlook.com's old hosts are Outlook             | http://co106w.col106.mail.live.com/ |                           | email    |           | Outlook
            Naver's mail is email, not Naver search         | https://mail.naver.com/          |                              | email    |           | Naver Mail
            Seznam's mail is email, not Seznam search       | https://email.seznam.cz/         |                              | email    |           | Seznam Mail
            Google's ad server is paid                      | https://pagead2.googlesyndication.com/ |                        | paid     |           | Google Ads
            googleadservices.com is paid                    | https://www.googleadservices.com/ |                             | paid     |           | Google Ads
            DoubleClick is paid                             | https://ad.doubleclick.net/      |                              | paid     |           | Google Ads
            Taboola is paid                                 | https://trc.taboola.com/         |                              | paid     |           | Taboola
            AppNexus is paid                                | https://ib.adnxs.com/            |                              | paid     |           | AppNexus
            utm_source=google_ads is paid                   |                                  | utm_source=google_ads        | paid     |           | Google Ads
            utm_source=adwords is paid                      |                                  | utm_source=adwords           | paid     |           | Google Ads
            utm_source=fb-ads is paid Facebook              |                                  | utm_source=fb-ads            | paid     | Facebook  | Facebook
            utm_source=facebook-ads is paid Facebook        |                                  | utm_source=facebook-ads      | paid     | Facebook  | Facebook
            utm_source=fbad is paid Facebook                |                                  | utm_source=fbad              | paid     | Facebook  | Facebook
            utm_source=yt-ads is paid YouTube               |                                  | utm_source=yt-ads            | paid     | YouTube   | YouTube
            utm_source=reddit-ads is paid Reddit            |                                  | utm_source=reddit-ads        | paid     | Reddit    | Reddit
            utm_source=twitter-ads is paid X                |                                  | utm_source=twitter-ads       | paid     | X         | X
            a Mastodon instance from Matomo's tail          | https://mastodon.xyz/@someone    |                              | social   | Mastodon  | Mastodon
            Pixelfed is social                              | https://pixelfed.social/p/x/1    |                              | social   | Pixelfed  | Pixelfed
            Last.fm is social                               | https://www.last.fm/music/x      |                              | social   | Last.fm   | Last.fm
            Odnoklassniki is social                         | https://ok.ru/group/1            |                              | social   | Odnoklassniki | Odnoklassniki
            Workplace's link shim is social                 | https://l.workplace.com/l.php?u=x |                             | social   | Workplace | Workplace
            GitHub is social, as both lists say             | https://github.com/someone/repo  |                              | social   | GitHub    | GitHub
            Microsoft Teams is social                       | https://teams.microsoft.com/l/x  |                              | social   | Microsoft Teams | Microsoft Teams
            Messenger's site is Messenger                   | https://www.messenger.com/t/1    |                              | social   | Messenger | Messenger
            Character.AI is ai                              | https://character.ai/chat/x      |                              | ai       |           | Character.AI
            Qwen's chat is ai                               | https://chat.qwen.ai/            |                              | ai       |           | Qwen
            ChatGLM is ai                                   | https://chatglm.cn/              |                              | ai       |           | ChatGLM
            duck.ai is ai, not DuckDuckGo search            | https://duck.ai/                 |                              | ai       |           | Duck.ai
            pplx.ai is Perplexity                           | https://pplx.ai/abc              |                              | ai       |           | Perplexity
            copilot.com is Copilot                          | https://copilot.com/             |                              | ai       |           | Copilot
            a Google Doc is still a referral                | https://docs.google.com/document/d/1 |                          | referral |           | docs.google.com
            Yahoo Finance is a referral, as Snowplow says   | https://finance.yahoo.com/quote/x |                             | referral |           | finance.yahoo.com
            """)
    void the_long_tail_of_the_public_lists_is_classified(String sentence, String referrer, String query,
                                                        String channel, String network, String source) {
        check(referrer, query, null, channel, network, source);
    }

    @Test
    void a_referral_reports_the_full_referrer_host_but_a_bare_source() {
        Source s = classifier.classify(landing("https://www.Example.com:8443/a?b=c", null, null));

        assertThat(s).isEqualTo(new Source(Channel.REFERRAL, null, "example.com", "www.example.com", null,
                Utm.NONE, false));
    }

    @Test
    void utm_values_are_kept_raw_but_trimmed_and_blank_ones_dropped() {
        Source s = classifier.classify(landing(null,
                "utm_source=Newsletter&utm_medium= Email &utm_campaign=Spring Sale&utm_content=&utm_term=shoes",
                null));

        assertThat(s.utm()).isEqualTo(new Utm("Newsletter", "Email", "Spring Sale", null, "shoes"));
        assertThat(s.channel()).isEqualTo(Channel.EMAIL);
        assertThat(s.source()).isEqualTo("Newsletter");
    }

    @Test
    void an_android_app_referrer_reports_the_package_as_referrer_host() {
        Source s = classifier.classify(landing("android-app://com.google.android.gm/", null, null));

        assertThat(s).isEqualTo(new Source(Channel.EMAIL, null, "Gmail", "com.google.android.gm", null,
                Utm.NONE, false));
    }

    @Test
    void a_paid_google_click_records_the_click_id_name_not_its_value() {
        Source s = classifier.classify(landing("https://www.google.de/", "gclid=Cj0KCQiA&page=2", null));

        assertThat(s).isEqualTo(new Source(Channel.PAID, null, "Google", "www.google.de", "gclid", Utm.NONE, false));
    }

    @Test
    void a_landing_with_nothing_at_all_is_direct_with_null_fields() {
        Source s = classifier.classify(new Landing(null, null, null, null));

        assertThat(s).isEqualTo(new Source(Channel.DIRECT, null, null, null, null, Utm.NONE, false));
    }

    @Test
    void channel_keys_are_the_lower_case_names() {
        assertThat(Channel.PAID.key()).isEqualTo("paid");
        assertThat(Channel.REFERRAL.key()).isEqualTo("referral");
    }

    @Test
    void the_standard_classifier_is_one_shared_instance() {
        assertThat(SourceClassifier.standard()).isSameAs(SourceClassifier.standard());
    }
}
