"""Hand-made attribution judgements for the out-of-domain set (see RULES.md).

Each attribution: A(at, cue, content, source) where ``at`` is an anchor that occurs
exactly once in the article, and every other piece is the exact text of the span,
found at or after the anchor (a piece ('words', 'after') is found after 'after').
``content`` may be a list (discontinuous content: split quotes, continuations).
DECOYS lists clauses that look like attributions but are not, by the rules:
(text, category) or (text, category, anchor).
"""


def A(at, cue, content, source=None):
    return {"at": at, "cue": cue, "content": content, "source": source}


SPEC = {}
DECOYS = {}

# --------------------------------------------------------------------------- sport
SPEC["sport-football-match"] = [
    A(
        "Harbourside manager Carla Brennan said",
        "said",
        "her side had been “second to everything” in the first half",
        "Harbourside manager Carla Brennan",
    ),
    A(
        "“I told them at half-time",
        ("said", "she "),
        [
            "“I told them at half-time that the performance wasn’t good enough,”",
            "“They’re a proud group, and they responded.”",
        ],
        "she",
    ),
    A(
        "“It’s the best feeling",
        "told",
        [
            "“It’s the best feeling I’ve had in football,”",
            "“My mum was in the stand, so to score two in front of her is something I’ll never forget.”",
        ],
        "Okafor",
    ),
    A(
        "Millbrook boss Stuart Keane insisted",
        "insisted",
        "the throw-in that led to the winner should have gone his team’s way",
        "Millbrook boss Stuart Keane",
    ),
    A(
        "“Everyone in the ground",
        "said",
        [
            "“Everyone in the ground saw it come off their player,”",
            "“We’ve been on the wrong end of these calls for weeks, and I’ll be asking the league for an explanation.”",
        ],
        "Keane",
    ),
    A(
        "According to club officials",
        "According to",
        "the crowd of 6,412 was the largest at Quayside Park this season",
        "club officials",
    ),
    A(
        "Brennan hopes to have",
        "hopes",
        "to have defender Sam Pryce back from a hamstring injury for the Carrow game",
        "Brennan",
    ),
    A("the club said he would be assessed", "said", "he would be assessed on Monday", "the club"),
    A("Okafor, meanwhile, is expected", "is expected", ["Okafor", "to keep his place"]),
    A("Asked whether he deserved a start", "Asked", "whether he deserved a start"),
    A("“We’ll see,” she said.", "said", "“We’ll see,”", "she"),
]
DECOYS["sport-football-match"] = [
    ("came from behind to beat Millbrook Town 2-1", "action"),
    ("to keep the home side in the play-off hunt", "purpose"),
    ("The visitors pressed high, forcing Harbourside into a string of hurried clearances", "causative"),
    ("goalkeeper Tom Vesey needed to be sharp to tip a Lusk free kick over the bar", "attempt"),
    ("Brennan sent on Okafor for the ineffective Liam Harte on the hour", "action"),
    ("the change gave Harbourside a focal point", "causative"),
    ("turning sharply inside the box and firing low past Millbrook keeper Ben Ashdown", "participial"),
    ("after Millbrook failed to clear a throw-in", "attempt"),
    (
        "The stadium announcer had to wait almost a minute before the noise died down enough to read out the scorer’s name",
        "no-content",
    ),
    ("The result lifts Harbourside to seventh", "narrator-claim"),
    ("making him the club’s top scorer", "participial"),
    (
        "Looking ahead, Harbourside travel to Eastgate on Tuesday before hosting league leaders Carrow Rovers next weekend",
        "participial",
    ),
    ("Brennan smiled", "no-content"),
    ("Okafor, 19, levelled in the 79th minute", "action"),
    (
        "Harbourside have now gone six games unbeaten, a run that began when Brennan switched to a back three in October",
        "action",
    ),
    ("Six minutes later he struck again, heading in a cross from left-back Joel Amadi", "participial"),
]

# --------------------------------------------------------------------------- tech
SPEC["tech-ereader-launch"] = [
    A(
        "The device, shown to reporters",
        "according to",
        ["The device", "weighs 240 grams and runs for up to five weeks on a single charge"],
        "Lumora",
    ),
    A(
        '"Students told us again',
        "said",
        [
            '"Students told us again and again that they wanted one device for textbooks, notes and novels,"',
            '"The Fold is our answer to that."',
        ],
        "chief executive Priya Raman",
    ),
    A("Raman said the company had spent", "said", "the company had spent three years developing the hinge", "Raman"),
    A(
        "which she described as",
        "described as",
        ["which", '"the hardest engineering problem we\'ve ever solved."'],
        "she",
    ),
    A(
        "Mei Takahashi, who covers",
        "said",
        'the price was "aggressive but not crazy" for a first-generation folding device',
        "Mei Takahashi, who covers consumer hardware at research firm Brightline Partners,",
    ),
    A(
        '"The question is durability,"',
        "said",
        ['"The question is durability,"', '"Hinges fail, and students are not gentle with their things."'],
        "she",
    ),
    A("Lumora says the hinge", "says", "the hinge has been tested through 200,000 open-and-close cycles", "Lumora"),
    A(
        "The company declined to say",
        "declined to say",
        "how many units it expects to sell in the first year",
        "The company",
    ),
    A("Lumora reported a 9% drop", "reported", "a 9% drop in revenue last quarter", "Lumora"),
    A("Not everyone is convinced", "is convinced", "that folding screens are what readers want", "Not everyone"),
    A(
        "Dan Okonkwo, a former",
        "wrote",
        'that the company was "solving a problem most readers don\'t have."',
        "Dan Okonkwo, a former Lumora product manager who now runs the book-technology newsletter Spine,",
    ),
    A(
        "\"People don't abandon",
        "wrote",
        [
            '"People don\'t abandon e-readers because the screen is too small,"',
            '"They abandon them because they stop reading."',
        ],
        "he",
    ),
    A(
        "Raman, speaking at",
        ("said", "presentation, "),
        'the company had "listened to the skeptics" and believed the Fold would find its audience',
        "Raman",
    ),
    A(
        "\"We're not asking anyone",
        "said",
        ['"We\'re not asking anyone to throw away what they have,"', '"We\'re asking them to try something new."'],
        "she",
    ),
    A(
        "A cheaper model without the stylus",
        "said",
        "A cheaper model without the stylus is planned for later in the year",
        "the company",
    ),
]
DECOYS["tech-ereader-launch"] = [
    ("Lumora unveils folding e-reader aimed at students", "action"),
    ("Lumora Devices on Tuesday unveiled the Fold", "action"),
    ("as the company tries to win back readers who have drifted to tablets and phones", "attempt"),
    ("shown to reporters at a launch event at the company's headquarters", "action"),
    ("It ships on March 14 in the United States and Canada", "schedule"),
    ("The e-reader includes a stylus that lets users write in the margins", "feature"),
    ('a new "focus mode" turns off notifications for set periods', "label-quotes"),
    ("allowing students to pick up where they left off on a phone or laptop", "causative"),
    ("Analysts were cautiously positive", "no-content"),
    ("The launch comes at a difficult moment for the company", "narrator-claim"),
    ("in January it cut about 120 jobs", "action"),
    ("recovering some of the ground they lost after the job cuts", "participial"),
    ("speaking at a question-and-answer session after the presentation", "no-content"),
    ("The Fold will be sold through Lumora's website and at selected bookstores", "schedule"),
    ("pre-orders open on Friday", "schedule"),
    ("Shares of Lumora rose 4% in afternoon trading", "fact"),
    ("A companion app syncs highlights between devices", "feature"),
]

# --------------------------------------------------------------------------- science
SPEC["science-nap-study"] = [
    A("Afternoon naps linked", "finds", "Afternoon naps linked to sharper memory in over-60s", "study"),
    A(
        "Older adults who take",
        "according to",
        "Older adults who take a short nap after lunch perform better on memory tests than those who do not",
        "a study published on Wednesday in the Journal of Geriatric Sleep Research",
    ),
    A(
        "Researchers at the University of Westmarch",
        "asking",
        "to keep sleep diaries",
        "Researchers at the University of Westmarch",
    ),
    A(
        "Participants who napped",
        "found",
        "Participants who napped for between 20 and 40 minutes scored on average 11 per cent higher on word-recall tasks than non-nappers",
        "the researchers",
    ),
    A(
        "“The sweet spot",
        "said",
        [
            "“The sweet spot seems to be a nap that is long enough to be restful but short enough that you don’t fall into deep sleep,”",
            "“That’s when people wake up groggy.”",
        ],
        "Dr Helena Marsh, a neurologist who led the study",
    ),
    A("Marsh cautioned", "cautioned", "that the findings show an association, not cause and effect", "Marsh"),
    A(
        "It is possible, she said",
        "said",
        ["It is possible", "that people with healthier brains are simply more likely to nap in moderation"],
        "she",
    ),
    A("Independent experts welcomed", "welcomed", "the research", "Independent experts"),
    A("Independent experts welcomed", "urged", "caution", "Independent experts"),
    A(
        "Professor Ian Colley",
        "said",
        "the sample was large and the follow-up period “impressively long”",
        "Professor Ian Colley, a sleep scientist at Northgate University who was not involved in the study,",
    ),
    A(
        "“But sleep diaries",
        "added",
        [
            "“But sleep diaries are notoriously unreliable,”",
            "“People tend to forget short naps, or they count dozing in front of the television as a nap when it isn’t.”",
        ],
        "he",
    ),
    A(
        "The researchers now plan",
        "now plan",
        "to run a trial in which some participants will be randomly assigned to nap after lunch while others stay awake",
        "The researchers",
    ),
    A("the team aims to enrol", "aims", "to enrol 600 people", "the team"),
    A("For now, Marsh said", "said", ["For now", "there was little harm in a short rest"], "Marsh"),
    A(
        "“If you feel like a nap",
        "said",
        ["“If you feel like a nap after lunch, I wouldn’t fight it,”", "“Just set an alarm.”"],
        "she",
    ),
    A(
        "Around a third of people",
        "according to",
        "Around a third of people over 60 in the country nap regularly",
        "national health survey data",
    ),
]
DECOYS["science-nap-study"] = [
    ("followed 1,840 people aged 60 to 85 for four years", "action"),
    ("testing their recall every six months", "participial"),
    ("Longer naps showed no such benefit", "fact"),
    ("naps of more than 90 minutes were associated with slightly worse scores", "fact"),
    ("The team adjusted its results for age, education, exercise and night-time sleep", "action"),
    ("excluded anyone with dementia at the start", "action"),
    ("The study was funded by the Westmarch Ageing Trust and received no money from industry", "fact"),
    ("Participants were mostly white and lived in and around the city of Westmarch", "fact"),
    ("which limits how far the results can be applied to other groups", "narrator-claim"),
    ("About 14 per cent dropped out before the end of the four years", "fact"),
    ("Recruitment begins in the autumn", "schedule"),
    (
        "The findings are likely to be studied closely by employers that have installed nap rooms for their staff",
        "narrator-claim",
    ),
]

# --------------------------------------------------------------------------- council
SPEC["council-riverside-flats"] = [
    A("Councillors back riverside flats", "back", "riverside flats", "Councillors"),
    A(
        "Plans for 86 flats",
        "were approved",
        "Plans for 86 flats on the site of the former Tanner’s Wharf boatyard in Elsbury",
        "the district council’s planning committee",
    ),
    A(
        "Committee members voted",
        "voted six to three in favour of",
        "the scheme by developer Kestrel Homes",
        "Committee members",
    ),
    A(
        "Residents had raised concerns",
        "had raised concerns about",
        "traffic on Mill Lane, the height of the tallest block and the loss of views across the river",
        "Residents",
    ),
    A(
        "“We are not against housing.",
        "said",
        [
            "“We are not against housing. We are against this housing, in this place,”",
            "“Six storeys next to a conservation area is simply too much.”",
        ],
        "Margaret Ellery, chair of the Mill Lane Residents’ Association",
    ),
    A(
        "planning consultant Owen Tarrant told",
        "told",
        "that the scheme would bring a derelict site back into use and that the riverside path would be open to the public around the clock",
        "planning consultant Owen Tarrant",
    ),
    A(
        "The council’s planning officers had recommended",
        "had recommended",
        "approval",
        "The council’s planning officers",
    ),
    A(
        "In a report to the committee, they said",
        "said",
        "the design was “of a high standard” and that the number of affordable homes met the council’s policy",
        "they",
    ),
    A(
        "Councillor Ravi Sandhu",
        "said",
        "he feared the extra traffic would make Mill Lane dangerous for children walking to Elsbury Primary School",
        "Councillor Ravi Sandhu, who voted against,",
    ),
    A(
        "“I don’t think anyone in this room",
        "said",
        "“I don’t think anyone in this room wants to see a child hurt on that road,”",
        "he",
    ),
    A(
        "Committee chair Helen Brook said",
        "said",
        "she understood the strength of feeling but that the council could not refuse an application that met its policies",
        "Committee chair Helen Brook",
    ),
    A("Refusal, she warned", "warned", ["Refusal", "would almost certainly be overturned on appeal"], "she"),
    A("for a reported £4.2 million", "reported", "£4.2 million"),
    A(
        "and is expected to take around two years",
        "is expected",
        ["Work on the site", "to take around two years"],
        None,
    ),
    A("Kestrel said it hoped", "said", "it hoped the first residents would move in by the end of 2027", "Kestrel"),
    A("Ellery said the association", "said", "the association would “look seriously” at doing so", "Ellery"),
    A("Mill Lane residents have 28 days to ask", "ask", "to call in the decision", "Mill Lane residents"),
]
SPEC["council-riverside-flats"][13]["at"] = "Work on the site is due"
DECOYS["council-riverside-flats"] = [
    ("despite residents’ objections", "no-content"),
    ("despite more than 300 letters of objection", "no-content"),
    ("The development will include a public riverside path, a small cafe and 22 affordable homes", "schedule"),
    ("Several spoke at the meeting", "no-content"),
    ("which ran for almost four hours and had to be moved to a larger room to fit everyone in", "fact"),
    (
        "Kestrel Homes reduced the height of the tallest building from seven storeys to six after an earlier round of consultation",
        "action",
    ),
    ("moved the car park entrance away from the primary school", "action"),
    ("Speaking for the developer", "no-content"),
    (
        "The boatyard closed in 2014 and the site has been fenced off since, attracting fly-tipping and at least two fires",
        "fact",
    ),
    ("Kestrel bought the land in 2021", "action"),
    ("is due to start next spring", "schedule", "Work on the site is due"),
]

# --------------------------------------------------------------------------- business
SPEC["business-grocer-earnings"] = [
    A(
        "Greenvale Markets, the supermarket chain",
        "reported",
        "a 6 percent fall in half-year profit",
        "Greenvale Markets, the supermarket chain with 412 stores across northern England and Scotland,",
    ),
    A(
        "Pre-tax profit for the 26 weeks",
        "said",
        "Pre-tax profit for the 26 weeks to Sept. 27 came in at 148 million pounds, down from 157.5 million a year earlier",
        "the company",
    ),
    A(
        "Chief executive Fiona Darrow said",
        "said",
        "the chain had made a deliberate choice to protect shoppers",
        "Chief executive Fiona Darrow",
    ),
    A(
        '"We took the view',
        "said in a statement",
        [
            '"We took the view that this was not the moment to chase margin,"',
            '"Families are still under real pressure, and they have noticed."',
        ],
        "she",
    ),
    A(
        "The company said those cuts",
        "said",
        "those cuts had drawn in around 180,000 extra weekly customers",
        "The company",
    ),
    A(
        "The chain kept its forecast",
        "kept its forecast for",
        "full-year profit of between 290 million and 310 million pounds",
        "The chain",
    ),
    A(
        "The chain kept its forecast",
        "said",
        "it would raise its interim dividend by 2 percent to 4.1 pence a share",
        "The chain",
    ),
    A(
        "Analysts said the results",
        "said",
        "the results were broadly in line with expectations but that investors had hoped for a clearer sign that margins would recover next year",
        "Analysts",
    ),
    A(
        '"The volume gains are real',
        "said",
        [
            '"The volume gains are real, but they are expensive,"',
            '"Greenvale is buying customers, and the market wants to know when it stops paying for them."',
        ],
        "Nadia Qureshi, retail analyst at brokerage Halden & Pike",
    ),
    A(
        "Darrow told reporters on a call",
        "told",
        'that she expected margins to "stabilise" in the second half as energy and transport costs eased',
        "Darrow",
    ),
    A(
        "She declined to comment",
        "declined to comment on",
        "reports that Greenvale had held talks about buying the 38-store Fairhill convenience chain",
        "She",
    ),
]
DECOYS["business-grocer-earnings"] = [
    ("as price cuts to fend off discount rivals ate into margins", "purpose"),
    (
        "Sales rose 3.2 percent to 3.9 billion pounds, helped by a strong summer for its own-brand barbecue range",
        "fact",
    ),
    ("Greenvale cut prices on more than 1,500 products in the spring", "action"),
    ("matching rivals Pricewell and Kronmart on many basics", "participial"),
    ("Shares in Greenvale fell 3.8 percent to 241 pence by midday in London", "fact"),
    ("making them the biggest fallers on the FTSE 250 index", "participial"),
    ("The stock has lost about a fifth of its value since January", "fact"),
    ("The company opened 11 new stores in the period and closed four", "action"),
    ("it is spending 60 million pounds this year on self-checkout machines and electronic shelf labels", "action"),
    ("Online orders made up 9 percent of sales", "fact"),
    ("Greenvale employs about 61,000 people", "fact"),
    ("It will publish its full-year results on April 22", "schedule"),
]

# --------------------------------------------------------------------------- expo
SPEC["expo-fan-convention"] = [
    A(
        "According to organizers",
        "According to",
        "an estimated 41,000 visitors came through the doors over three days, the largest turnout in the event's nine-year history",
        "organizers",
    ),
    A(
        "\"I genuinely didn't expect",
        "said",
        [
            '"I genuinely didn\'t expect this many people to still care about a show that ended fifteen years ago,"',
            '"Every time someone tells me it got them through a hard time, it floors me."',
        ],
        "Riel",
    ),
    A("and said they plan to expand", "said", "they plan to expand again in 2026", "Organizers"),
    A(
        '"We heard the complaints',
        "said",
        '"We heard the complaints about the queues, and we listened,"',
        "expo director Anita Sorensen",
    ),
    A(
        "She said the extra hall",
        "said",
        'the extra hall had cut waiting times for the main stage "from hours to minutes."',
        "She",
    ),
    A(
        "some visitors complained",
        "complained on social media",
        "that staff had given conflicting instructions",
        "some visitors",
    ),
    A(
        "A spokesperson for the convention centre",
        "said",
        "the alarm had been triggered by a smoke machine at one of the stands",
        "A spokesperson for the convention centre",
    ),
    A(
        "Luis Ferreira, who owns",
        "said",
        "he had taken on four extra staff for the weekend",
        "Luis Ferreira, who owns the Tidewater Diner across the street,",
    ),
    A('"We go through about', "said", '"We go through about three times the usual amount of coffee,"', "he"),
    A(
        "Cosplayer Mira Dalton",
        "said",
        "the weekend was worth every minute",
        "Cosplayer Mira Dalton, 17, who spent four months building a suit of armor from foam floor mats,",
    ),
    A('"You walk around', "said", ['"You walk around and people just get it,"', '"Nobody asks why."'], "she"),
]
SPEC["expo-fan-convention"][2]["at"] = "Organizers added a fourth hall"
DECOYS["expo-fan-convention"] = [
    ("Fan expo draws record crowds to Port Alden", "narrator-claim"),
    ("The Port Alden Fan Expo took over the city's convention centre this weekend", "action"),
    (
        "Fans queued from before dawn on Saturday, many in elaborate costumes, for the chance to meet actors, comic artists and voice performers",
        "purpose",
    ),
    ("The show floor held more than 300 exhibitors", "fact"),
    ('the cult series "Driftwatch."', "label-quotes"),
    ("The weekend gave fans the chance to come face to face with their heroes", "causative"),
    ('who played the first officer in "Driftwatch,"', "label-quotes"),
    ("signed autographs for almost six hours on Saturday", "action"),
    ("posed for photos until staff closed the line", "action"),
    ("Ticket prices ranged from $25 for a single day to $90 for a weekend pass", "fact"),
    ("Organizers added a fourth hall this year after last year's event sold out", "action"),
    ("Not everything went smoothly", "narrator-claim"),
    (
        "Several panels ran late on Saturday, forcing staff to push back the evening costume contest by an hour",
        "causative",
    ),
    ("A fire alarm forced the evacuation of Hall B for about 40 minutes on Sunday afternoon", "causative"),
    ("No one was hurt, and the hall reopened shortly after 3 p.m.", "fact"),
    ("For local businesses, the expo is one of the busiest weekends of the year", "narrator-claim"),
    ("Children under 10 got in free", "fact"),
    ("a quiet room gave families a place to take a break from the noise", "causative"),
    ("The expo returns to the convention centre on Sept. 18-20 next year", "schedule"),
]

# --------------------------------------------------------------------------- weather
SPEC["weather-storm-flooding"] = [
    A(
        "More than 23,000 homes",
        "said",
        "More than 23,000 homes across the Carrick valley were without electricity on Monday morning after Storm Idris brought gusts of up to 85mph and a night of torrential rain",
        "the regional network operator",
    ),
    A(
        "Western Grid said it hoped",
        "said",
        "it hoped to reconnect most remaining customers by Tuesday evening",
        "Western Grid",
    ),
    A(
        "Western Grid said it hoped",
        "warned",
        "that some rural properties could be without power for longer",
        "Western Grid",
    ),
    A(
        '"The water came up',
        "said",
        [
            '"The water came up through the floorboards faster than you\'d believe,"',
            '"I\'ve seen floods before, but nothing like this."',
        ],
        "Gwen Tallis, 72, who has lived on Bridge Street for almost fifty years",
    ),
    A(
        "The National Rivers Agency said",
        "said",
        "flooding was expected along the whole length of the Carrick",
        "The National Rivers Agency",
    ),
    A(
        "Forecasters said the worst",
        "said",
        "the worst of the rain had passed, but river levels were likely to remain high for several days as water drains from the hills",
        "Forecasters",
    ),
    A("A further band of showers", "is forecast", ["A further band of showers", "for Wednesday"]),
    A("drivers were urged", "were urged", "not to attempt to drive through floodwater"),
    A(
        '"Thirty centimetres',
        "said",
        [
            '"Thirty centimetres of fast-moving water is enough to float a car,"',
            '"Please, turn around and find another route."',
        ],
        "Inspector Carys Bowen of Carrick Valley Police",
    ),
    A(
        "Trains between Penmoor and the coast",
        "said",
        "Trains between Penmoor and the coast were cancelled for the day after a landslip near Afon Halt",
        "operator Coastline Rail",
    ),
    A("the company warned passengers", "warned", "to expect long delays", "the company"),
    A(
        "Dafydd Morgan, who was evacuated",
        "said",
        "he was grateful but anxious about what they would find when they went home",
        "Dafydd Morgan, who was evacuated with his wife and two dogs,",
    ),
    A("\"You just don't know", "said", "\"You just don't know what you're going back to,\"", "he"),
    A(
        "The county council said",
        "said",
        "it would set up a hardship fund for affected households and that staff would visit flooded homes from Tuesday to assess the damage",
        "The county council",
    ),
]
DECOYS["weather-storm-flooding"] = [
    ("Storm Idris leaves thousands without power as rivers rise", "fact"),
    ("Engineers worked through the night to restore supplies", "purpose"),
    ("by noon the number of properties cut off had fallen to around 9,000", "fact"),
    (
        "The River Carrick burst its banks at Penmoor shortly before 3am, flooding around 40 homes and a row of shops on Bridge Street",
        "participial",
    ),
    ("Firefighters used boats to help residents from their homes", "purpose"),
    ("a rest centre was opened at Penmoor Leisure Centre", "action"),
    ("more than 30 lower-level alerts were in place across the region", "no-content"),
    ("Police closed the A487 between Penmoor and Llanbrae after a tree fell across the carriageway", "action"),
    ("Replacement buses were running", "fact"),
    (
        "The storm moved east overnight, bringing down trees across the border counties before heading out to sea",
        "participial",
    ),
    ("volunteers handed out blankets and hot drinks while children played in a corner set aside with toys", "action"),
    ("Bridge Street was last badly flooded in 2009, when the river peaked at 4.1 metres", "fact"),
    ("On Monday the river reached 4.4 metres at Penmoor bridge, the highest level since records began in 1971", "fact"),
]

# --------------------------------------------------------------------------- court
SPEC["court-charity-fraud-trial"] = [
    A("Charity treasurer ‘spent", "hears", "Charity treasurer ‘spent donations on holidays’", "court"),
    A(
        "A former treasurer of a children’s charity",
        "was told",
        "A former treasurer of a children’s charity spent more than £212,000 of its money on foreign holidays, a car and online betting",
    ),
    A(
        "Graham Pettifer, 58",
        "denies",
        "14 counts of fraud by abuse of position relating to his time at the Little Steps Trust between 2019 and 2023",
        "Graham Pettifer, 58, of Oakfield Road, Hanbury,",
    ),
    A(
        "Sarah Whitcombe KC said",
        "said",
        "Mr Pettifer had treated the charity’s bank account “as his own personal wallet”",
        "Sarah Whitcombe KC",
    ),
    A(
        "“This was not a single moment",
        "told",
        [
            "“This was not a single moment of weakness,”",
            "“It was a sustained and deliberate course of dishonesty, carried out over four years, against an organisation that existed to help sick children.”",
        ],
        "she",
    ),
    A(
        "The court heard that",
        "heard",
        "that Mr Pettifer, who had volunteered as treasurer since 2016, made more than 300 transfers from the trust’s account to accounts in his own name",
        "The court",
    ),
    A(
        "Ms Whitcombe said many",
        "said",
        "many of the transfers were recorded as payments to a printing firm and a catering company that did not exist",
        "Ms Whitcombe",
    ),
    A(
        "Bank records showed",
        "heard",
        "Bank records showed that money from the trust paid for trips to Dubai and Lanzarote, a £31,000 hatchback and deposits into three online gambling accounts",
        "the jury",
    ),
    A(
        "a new chair of trustees, Anjali Mistry",
        "asked",
        "to see the charity’s bank statements",
        "a new chair of trustees, Anjali Mistry,",
    ),
    A(
        "a new chair of trustees, Anjali Mistry",
        "noticed",
        "discrepancies with the figures presented at its annual meeting",
        "a new chair of trustees, Anjali Mistry,",
    ),
    A(
        "Giving evidence, Mrs Mistry said",
        "said",
        "she had initially assumed there was an innocent explanation",
        "Mrs Mistry",
    ),
    A(
        "“Graham had been part",
        "said",
        [
            "“Graham had been part of the charity for years. Everybody trusted him,”",
            "“I kept thinking I must have misread something.”",
        ],
        "she",
    ),
    A(
        "She told the court that",
        "told",
        "that when she raised the matter with Mr Pettifer, he said the bank had made errors and promised to sort it out",
        "She",
    ),
    A("Two days later, she said", "said", ["Two days later", "he resigned by email"], "she"),
    A(
        "In a police interview",
        "said",
        "he had “borrowed” money during a difficult period and had always intended to pay it back",
        "Mr Pettifer",
    ),
    A("The trial, expected", "expected", ["The trial", "to last two weeks"]),
]
DECOYS["court-charity-fraud-trial"] = [
    ("Opening the prosecution case at Kingsbridge Crown Court", "no-content"),
    ("The transfers stopped in 2023", "fact"),
    ("Giving evidence", "no-content"),
    ("Mrs Mistry then contacted the trust’s bank and, after a meeting of trustees, went to Hanbury police", "action"),
    ("Officers arrested Mr Pettifer at his home in March 2024 and seized a laptop and two mobile phones", "action"),
    ("read to the court", "no-content"),
    ("has about 40 volunteers and an annual income of around £90,000", "fact"),
    ("It was forced to cancel its summer holiday programme in 2023 while the accounts were examined", "causative"),
    (
        "Mr Pettifer, who wore a grey suit, sat in the dock with his hands folded and showed no reaction throughout the morning",
        "action",
    ),
    ("continues", "schedule", "The trial, expected"),
]

# --------------------------------------------------------------------------- obituary
SPEC["obituary-swimming-teacher"] = [
    A(
        "Her family said",
        "said",
        "she died peacefully at home on Friday, surrounded by her children and grandchildren",
        "Her family",
    ),
    A(
        "By her own estimate",
        "own estimate",
        "she taught more than 12,000 children, including, in later years, the grandchildren of some of her first pupils",
        ("her", "By "),
    ),
    A(
        "Former pupils remember",
        "remember",
        "her booming voice, her whistle and her insistence on swimming in all weathers",
        "Former pupils",
    ),
    A(
        "“If the water was cold",
        "said",
        [
            "“If the water was cold, she’d tell you it was character-building,”",
            "“She was terrifying and wonderful in equal measure.”",
        ],
        "Peter Lowry, 64, who learned to swim with Mrs Farrow in 1967 and later became a lifeguard at the lido",
    ),
    A(
        "Her son, Martin Farrow, recalled",
        "recalled",
        "that she once carried on with a lesson through a hailstorm because “the children had turned up, so that was that.”",
        "Her son, Martin Farrow,",
    ),
    A("When the town council proposed", "proposed", "closing the lido", "the town council"),
    A(
        "She said at the time",
        "said",
        "that the honour belonged “to every child who ever jumped in when they didn’t want to.”",
        "She",
    ),
    A("friends said she had hoped", "said", "she had hoped to see the lido reach its centenary in 2030", "friends"),
    A(
        "Her daughter, Ruth Hale, said",
        "said",
        "her mother had never thought of herself as remarkable",
        "Her daughter, Ruth Hale,",
    ),
    A(
        "“She just thought every child",
        "said",
        "“She just thought every child should be safe in the water. That was the whole of it,”",
        "she",
    ),
    A(
        "Castleby Town Council said",
        "said",
        "flags at the lido would fly at half-mast this week, and that it would consider naming the pool’s new learner pool in her honour",
        "Castleby Town Council",
    ),
]
DECOYS["obituary-swimming-teacher"] = [
    ("who taught half of Castleby to swim", "action"),
    ("who ran swimming lessons at Castleby’s outdoor pool for more than four decades", "action"),
    ("Born in 1934 in the mining village of Ashwick", "participial"),
    ("she learned to swim in the River Lune as a child and went on to compete for the county as a teenager", "action"),
    ("began giving lessons at the Marine Lido two years later", "action"),
    ("Lessons began at 7am, before the lido opened to the public", "fact"),
    ("Parents queued along the promenade to sign up", "purpose"),
    ("waiting lists often stretched into the following summer", "fact"),
    ("Mrs Farrow led a campaign to save it, collecting more than 8,000 signatures", "action"),
    ("The lido stayed open, and was refurbished with lottery money in 2004", "fact"),
    ("In 2011 she received an MBE for services to swimming in Castleby", "action"),
    (
        "She continued to swim at the lido every morning from May to September until she was 87, when a fall forced her to stop",
        "causative",
    ),
    ("Even then she came to watch the lessons from a deckchair by the shallow end", "purpose"),
    ("Mrs Farrow was predeceased by her husband in 2009", "fact"),
    ("She moved to Castleby in 1958 after marrying Walter Farrow, a printer", "action"),
    ("She is survived by three children, seven grandchildren and four great-grandchildren", "fact"),
    ("Her funeral will be held at St Bride’s Church, Castleby, on Thursday, March 12", "schedule"),
]

# --------------------------------------------------------------------------- travel
SPEC["travel-island-railway"] = [
    A(
        "“People come for the view",
        "says",
        "“People come for the view, and then they come back for the pace,”",
        "conductor Hamish Dunnett, who has worked on the line for 23 years",
    ),
    A("He claims to know", "claims", "to know many of the sheep, too", "He"),
    A(
        "when the island’s transport authority said",
        "said",
        "it could no longer afford the subsidy",
        "the island’s transport authority",
    ),
    A(
        "The trust’s chair, Morag Lennie, said",
        "said",
        "passenger numbers had risen every year since, to about 48,000 last year",
        "The trust’s chair, Morag Lennie,",
    ),
    A("“We’re not a museum,”", "said", ["“We’re not a museum,”", "“We’re a railway that happens to be old.”"], "she"),
    A("They said they had seen", "said", "they had seen golden eagles from the train twice this week", "They"),
    A(
        "“You don’t even need to get off,”",
        "said",
        ["“You don’t even need to get off,”", "“The birds come to you.”"],
        "Ingrid",
    ),
    A("that regulars describe as", "describe as", ["that", "the best on the island"], "regulars"),
    A("Lennie hopes to add", "hopes", "to add a Sunday service next summer", "Lennie"),
    A("she admits the trust", "admits", "the trust will need more volunteer drivers first", "she"),
    A(
        "“If anyone reading this",
        "said",
        ["“If anyone reading this has always wanted to drive a train,”", "“now is the time.”"],
        "she",
    ),
]
DECOYS["travel-island-railway"] = [
    ("The little two-carriage train leaves Haverport at 9.14 every morning", "schedule"),
    ("it is in no particular hurry to arrive anywhere", "narrator-claim"),
    ("four of which are request stops where passengers must wave to the driver", "fact"),
    (
        "Built in 1911 to carry kelp and slate, it now carries mostly walkers, birdwatchers and a handful of schoolchildren",
        "participial",
    ),
    ("He greets most of the regulars by name", "no-content"),
    ("The line came close to closing in 2015", "fact"),
    ("A campaign by residents, funded by a crowdfunding appeal that raised £640,000, kept it running", "action"),
    ("a trust formed by volunteers took over operations in 2017", "action"),
    ("The scenery earns the fare", "narrator-claim"),
    ("the line clings to a ledge above the Atlantic", "fact"),
    ("on a clear day the outline of the outer isles is visible to the north", "fact"),
    ("the train slows to walking pace to cross a timber viaduct", "purpose"),
    ("the driver sounds the horn for the benefit of anyone fishing below", "action"),
    ("Birdwatchers Ingrid and Tomas Berg, from Sweden, were on their third trip", "fact"),
    ("Tickets cost £18 for an adult day return, and children travel free", "fact"),
    (
        "Most passengers walk the half-mile to the headland, eat their sandwiches and catch the same train back an hour later",
        "action",
    ),
    ("Trains run daily from April to October", "schedule"),
    ("There is no buffet car", "fact"),
    ("At the terminus, Rubha Point, there is a lighthouse, a bench and not much else", "fact"),
]

# --------------------------------------------------------------------------- education
SPEC["education-phone-ban"] = [
    A(
        "under a new rule:",
        "a new rule:",
        "their mobile phones stay locked in magnetic pouches from the first bell to the last",
    ),
    A("The Kelburn Education Board approved", "approved", "the policy", "The Kelburn Education Board"),
    A(
        "Board chair Colin Anand said",
        "said",
        "the decision followed “overwhelming” evidence from teachers that phones were disrupting lessons and fuelling bullying",
        "Board chair Colin Anand",
    ),
    A(
        "“Teachers told us",
        ("said", "he "),
        [
            "“Teachers told us they were spending the first ten minutes of every lesson just getting phones put away,”",
            "“That’s time children never get back.”",
        ],
        "he",
    ),
    A(
        "Headteacher Joanne Price said",
        "said",
        "the first two days had gone “better than I dared hope.”",
        "Headteacher Joanne Price",
    ),
    A(
        "Break times were noisier, she said",
        "said",
        ["Break times were noisier", "because pupils were talking to each other instead of looking at screens"],
        "she",
    ),
    A("A petition calling for", "calling for", "the policy to be scrapped", "A petition"),
    A(
        "some parents say they need",
        "say",
        "they need to be able to reach their children in an emergency",
        "some parents",
    ),
    A(
        "“My daughter takes two buses",
        "said",
        [
            "“My daughter takes two buses to get to school,”",
            "“If something happens on the way home, I want to know she can ring me.”",
        ],
        "Dean Whitlock, whose 13-year-old attends Fernhill",
    ),
    A(
        "Schools say pupils can keep",
        "say",
        "pupils can keep phones with them on the journey, that any parent who needs to contact a child urgently can call the school office, and that pupils whose medical conditions are monitored through phone apps can keep their devices",
        "Schools",
    ),
    A(
        "Similar bans introduced",
        "according to",
        "Similar bans introduced in the neighbouring county of Ashdale two years ago were followed by a small rise in test scores",
        "an evaluation commissioned by Ashdale’s council",
    ),
    A("though its authors said", "said", "it was too early to say whether the ban was the cause", "its authors"),
    A("asked by their teachers", "asked", "to try the pouches for a week before judging them", "their teachers"),
    A("Year 10 pupil Kayla Brooks", "said", "she had expected to hate the rule", "Year 10 pupil Kayla Brooks, 15,"),
    A("“It’s actually fine,”", "said", ["“It’s actually fine,”", "“I talk to people more.”"], "she"),
    A("The board has said", "has said", "it will review the policy next summer", "The board"),
]
DECOYS["education-phone-ban"] = [
    ("Phones locked away as Kelburn schools start new term", "fact"),
    ("Pupils at all nine secondary schools in Kelburn went back to class this week", "action"),
    ("after a consultation with parents", "no-content"),
    ("About 7,400 pupils aged 11 to 16 are affected; sixth-formers are exempt", "fact"),
    ("pupils filed past tables where staff sealed each phone in its pouch before registration", "action"),
    ("Pouches are unlocked at a magnetic station by the exit at 3.15pm", "fact"),
    ("Form tutors had handed out the pouches on Monday morning, each labelled with a pupil’s name", "action"),
    ("a second station was added after queues built up on the first afternoon", "action"),
    ("The pouches cost the board about £18 each, paid for from a one-off grant", "fact"),
    ("Each school was given a supply of spares to replace any that are lost or broken", "purpose"),
    ("Not all parents are convinced", "no-content"),
    ("has gathered about 1,900 signatures", "fact"),
    ("spent the lunch break playing football and cards instead", "action"),
]

# --------------------------------------------------------------------------- transport
SPEC["transport-tram-strike"] = [
    A(
        "The United Transport Workers union says",
        "says",
        "its 310 members at operator CityLink Trams have been offered a 3 percent rise, well below inflation, and that drivers have not had a real-terms increase since 2021",
        "The United Transport Workers union",
    ),
    A(
        '"Nobody wants to strike.',
        "said",
        [
            '"Nobody wants to strike. Our members would much rather be in their cabs,"',
            '"But CityLink has left them with no choice."',
        ],
        "UTW regional organiser Kev Marsden",
    ),
    A("CityLink said its offer", "said", 'its offer was "fair and affordable"', "CityLink"),
    A("CityLink said its offer", "accused", "the union of refusing to negotiate", "CityLink"),
    A(
        "The company said it had proposed",
        "said",
        "it had proposed talks at the conciliation service Accordia on three occasions",
        "The company",
    ),
    A(
        '"We remain ready',
        "said",
        [
            '"We remain ready to meet at any time,"',
            '"Today\'s action will only hurt the passengers both sides are here to serve."',
        ],
        "a CityLink spokesperson",
    ),
    A(
        "Nurse Amira Sayed",
        "said",
        "she had left home an hour early and was still going to be late",
        "Nurse Amira Sayed, who was trying to reach the Royal Infirmary for a 9am shift,",
    ),
    A(
        '"I support the drivers',
        "said",
        ['"I support the drivers, honestly I do,"', '"But I\'ve got patients waiting."'],
        "she",
    ),
    A(
        "Road traffic data showed",
        "according to",
        "Road traffic data showed journey times into the city centre were almost double the usual on Thursday morning",
        "the council's transport department",
    ),
    A("Bramford's mayor, Denise Okoro, urged", "urged", "to return to talks", "Bramford's mayor, Denise Okoro,"),
    A("She said the city could not afford", "said", 'the city could not afford "a summer of disruption"', "She"),
    A("Further strikes are planned", "said", "Further strikes are planned for June 12 and June 19", "the union"),
    A("The trams are expected", "are expected", ["The trams", "to run normally on Saturday"]),
    A("in a long-running dispute over pay", "a long-running dispute over", "pay"),
]
DECOYS["transport-tram-strike"] = [
    ("Tram drivers walk out over pay, leaving Bramford commuters stranded", "participial"),
    ("No trams ran across Bramford on Thursday as drivers began a 48-hour strike", "action"),
    ("forcing thousands of commuters onto packed buses or into their cars", "causative"),
    ("speaking on the picket line outside the Holloway Road depot", "no-content"),
    ("commuters queued for more than half an hour for replacement buses", "action"),
    ("taxi ranks emptied before 8am", "fact"),
    (
        "The strike is the third since February and comes after talks between the two sides broke down last week",
        "no-content",
    ),
    ("Many office workers stayed at home for the day", "action"),
    ("the city's two universities moved morning lectures online", "action"),
    ("Cycle hire stations near the main tram stops were empty by 7.30am", "fact"),
    ("Drivers on the picket line waved placards and handed out leaflets to passers-by", "action"),
    ("several motorists sounded their horns as they drove past the depot", "no-content"),
    ("CityLink carries about 95,000 passengers on a typical weekday across its four lines", "fact"),
]

# --------------------------------------------------------------------------- food
SPEC["food-restaurant-review"] = [
    A("— “whatever the sea decides,”", "puts it", "“whatever the sea decides,”", "she"),
    A("Our server warned us", "warned", "that the hake was nearly gone", "Our server"),
    A("triple-cooked, Voss says", "says", ["triple-cooked", "in beef dripping"], "Voss"),
    A(
        "a retired trawlerman who said",
        "said",
        "he had eaten fish and chips “in every port from here to Port Ellan,”",
        "who",
    ),
    A(
        "At the next table, Archie Munro",
        "declared",
        "the haddock “the real thing.”",
        "Archie Munro, a retired trawlerman",
    ),
    A(
        "Voss said she decided",
        "said",
        "she decided to open in Kilbride because she wanted to be close to the boats",
        "Voss",
    ),
    A(
        "“In the city I was buying",
        "said",
        [
            "“In the city I was buying fish that was two days old before I saw it,”",
            "“Here, I can see the boat it came off.”",
        ],
        "she",
    ),
    A(
        "She buys directly from three skippers and said",
        "said",
        "she pays above the market price to guarantee first choice of the catch",
        "She",
    ),
]
DECOYS["food-restaurant-review"] = [
    ("At Saltbox, the fish is the star and the chips are no sidekick", "narrator-claim"),
    ("Saltbox opened in March in a former ironmonger’s on Harbour Street", "action"),
    ("on a wet Tuesday night it was full by seven", "fact"),
    ("has built a short menu around whatever the Kilbride day boats bring in", "action"),
    ("That means the menu changes daily, and it means some dishes run out", "narrator-claim"),
    ("so we ordered it immediately", "action"),
    ("It arrived in a crisp, lacy batter", "fact"),
    ("were the best I have eaten this year", "narrator-claim"),
    ("the rhubarb overwhelmed the fish", "narrator-claim"),
    ("a bowl of mussels in cider came with enough bread to mop up every drop", "purpose"),
    (
        "Anything left at the end of the night goes into the next day’s fish pie, which sells out most lunchtimes",
        "fact",
    ),
    ("A burnt honey tart was excellent, its filling barely set", "narrator-claim"),
    (
        "Service was warm and unhurried, if occasionally stretched when a party of twelve arrived without warning",
        "narrator-claim",
    ),
    ("so ask for a table by the window for a quieter evening", "narrator-claim"),
    ("Dinner for two with a bottle of wine came to £94 before service", "fact"),
    ("does not take bookings for tables of fewer than four", "fact"),
]
DECOYS["food-restaurant-review"].insert(5, ("She buys directly from three skippers", "action"))

# --------------------------------------------------------------------------- crime
SPEC["crime-jewellers-raid"] = [
    A(
        "Thieves broke into",
        "said",
        "Thieves broke into a family-run jewellers in Ashby town centre in the early hours of Sunday and escaped with rings, watches and necklaces worth an estimated £80,000",
        "police",
    ),
    A(
        "Officers believe",
        "believe",
        "at least three people were involved in the raid on Hallam & Daughters, on Market Row",
        "Officers",
    ),
    A(
        "The gang is thought",
        "is thought",
        ["The gang", "to have forced open a rear door before smashing display cabinets"],
    ),
    A(
        "Owner Richard Hallam",
        "said",
        "he was “devastated” by the break-in",
        "Owner Richard Hallam, whose grandfather opened the shop in 1952,",
    ),
    A(
        "“It’s not just the stock.",
        "said",
        ["“It’s not just the stock. Some of those pieces were made by my father,”", "“You can’t insure memories.”"],
        "he",
    ),
    A(
        "CCTV footage from a nearby bank",
        "according to",
        "CCTV footage from a nearby bank shows a dark-coloured van, possibly a Ford Transit, driving along Market Row at speed shortly after 2.50am",
        "Detective Sergeant Nina Brandt of Westshire Police",
    ),
    A(
        "A passing taxi driver saw",
        "said",
        "A passing taxi driver saw two people in dark clothing running towards Mill Street",
        "police",
    ),
    A(
        "“We are keen to speak",
        "said",
        [
            "“We are keen to speak to anyone who was in the area overnight, or who has dashcam footage from roads around the town centre,”",
            "“However small the detail, it could help.”",
        ],
        "she",
    ),
    A(
        "Officers said the raid bore",
        "said",
        "the raid bore similarities to a break-in at a jewellers in Kenwick, 20 miles away, last month, and that they were investigating whether the two were linked",
        "Officers",
    ),
    A(
        "Neighbouring traders said",
        "said",
        "they had heard a loud bang but assumed it was fireworks",
        "Neighbouring traders",
    ),
    A(
        "“My flat is above the bakery,”",
        "said",
        [
            "“My flat is above the bakery,”",
            "“I heard glass going and thought, that’s not right, but by the time I looked out there was nobody there.”",
        ],
        "Carol Pugh, 61",
    ),
    A("Hallam said he hoped", "said", "he hoped to reopen by the end of the week", "Hallam"),
    A(
        "Anyone with information is asked",
        "is asked",
        "to call Westshire Police on 101, quoting crime reference 44/19072, or contact the independent charity Crimeline anonymously",
    ),
]
DECOYS["crime-jewellers-raid"] = [
    ("Jewellery worth £80,000 taken in overnight raid on Ashby shop", "fact"),
    ("The alarm went off at 2.47am", "fact"),
    ("the thieves had gone by the time a patrol car arrived six minutes later", "fact"),
    ("No arrests have been made", "fact"),
    ("Forensic officers spent most of Sunday inside the shop", "action"),
    (
        "a cordon stayed in place on Market Row until late afternoon, diverting shoppers around the back of the church",
        "participial",
    ),
    ("The shop, which employs five people, will remain closed while its insurers assess the damage", "schedule"),
    ("Staff spent Sunday evening boarding up the broken front window", "action"),
    ("Ashby’s town centre has had three shop break-ins this year, compared with one in the whole of last year", "fact"),
    ("The town council installed four new cameras on Market Row in the spring", "action"),
]
