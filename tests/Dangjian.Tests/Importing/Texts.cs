using Dangjian.Tests.Support;

namespace Dangjian.Tests.Importing;

/// <summary>
/// Official documents written for the tests (sample texts, not real documents), each showing what the parser must
/// handle besides the founding notice, and the founding notice itself as the repository keeps it.
/// </summary>
public static class Texts
{
    public static string FoundingNotice { get; } = File.ReadAllText(RepositoryFiles.Path("seed-data", "notice-2020-01-29.txt"));

    /// <summary>A decision whose issuer and date appear only under the title, in its adoption line; no addressees.</summary>
    public const string Decision = """
        中共娄底市直属机关工作委员会关于表彰疫情防控工作先进基层党组织和优秀共产党员的决定
        （2020年3月6日中共娄底市直属机关工作委员会第三次全体会议通过）
        　　新冠肺炎疫情发生以来，市直各基层党组织和广大党员干部坚决贯彻落实习近平总书记重要指示精神，冲锋在前、勇挑重担，涌现出一批先进基层党组织和优秀共产党员。
        　　为表彰先进、树立典型，市直机关工委决定：
        　　一、授予娄底市中心医院发热门诊党支部等10个基层党组织“疫情防控先进基层党组织”称号。
        　　二、授予张三等20名同志“疫情防控优秀共产党员”称号。
        　　希望受到表彰的基层党组织和党员珍惜荣誉、再接再厉。
        """;

    /// <summary>An opinion with a red-header issuer, a document number, headings on their own lines and （一） items.</summary>
    public const string Opinion = """
        中共娄底市直属机关工作委员会文件
        娄直工发〔2020〕5号
        关于在疫情防控一线加强基层党组织建设的意见
        市直各基层党组织：
        　　为深入贯彻落实习近平总书记关于疫情防控工作的重要指示精神，根据《中共中央组织部关于在防控新型冠状病毒感染肺炎疫情斗争中进一步发挥基层党组织战斗堡垒作用和党员先锋模范作用的通知》要求，现就在疫情防控一线加强基层党组织建设提出如下意见。
        　　一、总体要求
        　　（一）指导思想。坚持以习近平新时代中国特色社会主义思想为指导，把疫情防控一线作为检验党组织战斗力的考场。
        　　（二）工作目标。做到哪里任务险重，哪里就有党的组织。
        　　二、主要任务
        　　（一）建立临时党组织。在隔离病区、检测站点等一线建立临时党支部、火线党支部。
        　　（二）开展组织生活。鼓励就近就便开展组织生活，把“战场”作为“课堂”。
        　　三、组织保障
        　　1.压实责任。各单位党组（党委）要履行主体责任。
        　　2.强化督导。市直机关工委将适时开展督查。
        中共娄底市直属机关工作委员会
        2020年2月10日
        """;

    /// <summary>A bulletin with 〇 in its date, headings without a full stop, and a closing formula.</summary>
    public const string Bulletin = """
        中共娄底市直属机关工作委员会
        关于2020年第一季度基层党建工作督查情况的通报
        市直各基层党组织：
        　　根据年度工作安排，3月中旬，市直机关工委对市直单位基层党建工作进行了督查。现将有关情况通报如下：
        　　一、总体情况
        　　从督查情况看，各基层党组织认真落实疫情防控各项部署，组织生活正常开展。
        　　二、存在的问题
        　　（一）部分支部“三会一课”记录不规范。
        　　（二）个别单位党员教育管理不到位。
        　　三、下一步工作要求
        　　各基层党组织要对照问题清单，于4月30日前完成整改。
        　　特此通报。
        中共娄底市直属机关工作委员会
        二〇二〇年四月三日
        """;

    /// <summary>A letter from outside the tree: a document number in square brackets, a contact note, attachments.</summary>
    public const string Letter = """
        娄底市卫生健康委员会
        娄卫函[2020]12号
        关于商请支持开展疫情防控志愿服务的函
        市直机关工委：
        　　为做好疫情防控期间社区服务工作，现商请贵委组织市直机关党员干部参与社区志愿服务。具体事项如下：
        　　一、服务内容。协助社区开展测温登记、物资配送等工作。
        　　二、时间安排。2020年2月10日至2月29日。
        　　妥否，请函复。
        　　联系人：李四，联系电话：0738-8312345，13807381234。
        　　附件：1. 志愿服务岗位需求表
        　　　　　2. 志愿者报名汇总表
        娄底市卫生健康委员会
        2020年2月5日
        """;

    /// <summary>Typed text (one paragraph per line, no indentation) with Latin words and numbers, and a spaced date.</summary>
    public const string Typed = """
        中共娄底市直属机关工作委员会
        关于做好疫情防控期间党员信息报送工作的通知
        市直各基层党组织：
        请各单位于2月10日前通过 OA 系统报送党员参与疫情防控情况，文件格式为 Word 2010，标题注明“COVID 19 防控”字样。
        一、报送范围。全体在职党员。
        二、报送要求。如实填写，不得漏报，报送邮箱 djxx@ldjg.gov.cn。
        特此通知。
        中共娄底市直属机关工作委员会
        2020 年 2 月 3 日
        """;

    /// <summary>A news item, not an official document: nothing of a 公文's structure.</summary>
    public const string News = """
        今天下午，市直机关工委召开疫情防控工作调度会，传达学习习近平总书记重要指示精神。
        会议强调，各基层党组织要切实把思想和行动统一到中央决策部署上来。
        """;
}
