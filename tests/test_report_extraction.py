"""The extractor on report styles the bench's held-out reports showed it missing (issue 16): each test
is a press-release sentence of its own, not one of the bench's, with an empty register."""

from reports.extraction.extract import extract


def names(proposal, group):
    return [entity.name for entity in getattr(proposal, group)]


def stop_venues(proposal):
    return [proposal.entity(stop.venue).name for stop in proposal.stops]


def roles(proposal):
    return [
        (stop.sequence, proposal.entity(p.person).name, p.role)
        for stop in proposal.stops
        for p in stop.participants
        if p.person and p.role != "principal"
    ]


def test_a_dateline_names_a_place_but_neither_a_stop_nor_a_day_of_the_visit():
    proposal = extract(
        "Warsaw, 12 March 2024 - Yesterday, President Anna Nowak visited the Gdansk Shipyard in Gdansk.",
        published_on="2024-03-12",
    )
    assert "Warsaw" in names(proposal, "places")
    assert stop_venues(proposal) == ["Gdansk Shipyard"]
    assert (proposal.visit.start, proposal.visit.end) == ("2024-03-11", None)


def test_a_planned_day_is_no_day_of_the_visit_and_a_date_without_year_is_in_the_reports_year():
    proposal = extract(
        "On January 2, President Anna Nowak visited the Tallinn Port. She will travel to Riga on January 5.",
        published_on="2024-01-03",
    )
    assert (proposal.visit.start, proposal.visit.end) == ("2024-01-02", None)
    late = extract(
        "On December 30, President Anna Nowak visited the Tallinn Port.", published_on="2024-01-03"
    )
    assert late.visit.start == "2023-12-30"


def test_a_numeric_date():
    proposal = extract(
        "On 04.06.2024 Governor Ivan Petrenko visited the Lviv Bus Factory.", published_on="2024-06-05"
    )
    assert proposal.visit.start == "2024-06-04"


def test_a_post_with_a_listed_portfolio_and_initials_in_names():
    proposal = extract(
        "Minister for Energy, Mining and Water Resources Jane Okafor met with External Affairs Minister "
        "Dr. K. Rao at the Ministry of External Affairs. EAM then visited the Delhi Technological "
        "University.",
        published_on="2024-02-01",
    )
    people = {person.name: person.title for person in proposal.people}
    assert people == {
        "Jane Okafor": "Minister for Energy, Mining and Water Resources",
        "K. Rao": "External Affairs Minister",
    }
    assert "EAM" not in names(proposal, "organisations")  # the post's initials stand for its holder


def test_a_title_case_headline_is_not_read_for_names():
    proposal = extract(
        "President Smith Meets Foreign Minister, Visits Harbour Bridge\n\n"
        "President John Smith visited the Harbour Bridge in Sydney today.",
        published_on="2024-02-01",
    )
    assert names(proposal, "people") == ["John Smith"]
    assert stop_venues(proposal) == ["Harbour Bridge"]


def test_an_event_held_at_a_venue_stops_at_the_venue():
    proposal = extract(
        "Prime Minister Eva Lind opened the Nordic Trade Forum at the Riverside Convention Centre in Oslo.",
        published_on="2024-02-01",
    )
    assert stop_venues(proposal) == ["Riverside Convention Centre"]
    assert "Nordic Trade Forum" not in names(proposal, "places")


def test_an_arrival_where_someone_met_the_visitor_is_a_stop_of_its_own():
    proposal = extract(
        "President Anna Nowak arrived in Lusaka and was met by Foreign Minister Mulambo Haimbe. "
        "She then held talks with President Hakainde Hichilema at State House.",
        published_on="2024-02-01",
    )
    assert stop_venues(proposal) == ["Lusaka", "State House"]
    assert roles(proposal) == [(1, "Mulambo Haimbe", "host"), (2, "Hakainde Hichilema", "counterpart")]


def test_stops_on_days_the_text_gives_go_in_the_order_of_those_days():
    proposal = extract(
        "On Tuesday, Premier Li Wei visited the Perth Mint. "
        "Li had arrived on Monday and visited the Fremantle Prison together with Mayor Hannah Fitzhardinge.",
        published_on="2024-06-18",
    )
    assert stop_venues(proposal) == ["Fremantle Prison", "Perth Mint"]
    assert roles(proposal) == [(1, "Hannah Fitzhardinge", "co_attendee")]
    assert "Liechtenstein" not in names(proposal, "places")  # "Li" is Li Wei, not the code LI


def test_a_fact_belongs_to_the_place_named_last_before_it():
    proposal = extract(
        "President Anna Nowak toured the Aurora Steel plant in Kemi, which was founded in 1961 and employs "
        "900 people.",
        published_on="2024-02-01",
    )
    facts = {(proposal.entity(f.place).name, f.kind, f.value or f.as_of) for f in proposal.facts}
    assert facts == {("Aurora Steel", "founded", "1961"), ("Aurora Steel", "other", "900")}


def test_gulf_names_and_courtesies():
    proposal = extract(
        "President His Highness Sheikh Khalid bin Ahmed Al Thani visited the Doha Port today. "
        "Sheikh Khalid was accompanied by Dr. Sultan bin Saeed Al Marri, Minister of Industry and Advanced "
        "Technology.",
        published_on="2024-02-01",
    )
    people = {person.name: person.title for person in proposal.people}
    assert people == {
        "Khalid bin Ahmed Al Thani": "President",
        "Sultan bin Saeed Al Marri": "Minister of Industry and Advanced Technology",
    }
    # Who accompanied the visitor, in a sentence of its own, is no participant of the stop before.
    assert roles(proposal) == []


def test_a_list_of_places_a_cue_before_the_talks_and_the_visitors_post_named_after_him():
    proposal = extract(
        "Vladimir Orlov traveled to Lima, Santa Cruz de la Sierra, and Quito from May 2 to 4. "
        "On May 3, the President of Russia held talks with President of Bolivia Ana Quispe at the Palacio "
        "Quemado. "
        "Before the talks, Vladimir Orlov laid a wreath at the Plaza Murillo Monument.",
        published_on="2024-05-04",
    )
    assert {"Lima", "Santa Cruz de la Sierra", "Quito"} <= set(names(proposal, "places"))
    assert "Santa Cruz de la Sierra" not in names(proposal, "people")
    # (The overview sentence makes Lima, the first city travelled to, a stop of its own.)
    assert stop_venues(proposal)[-2:] == ["Plaza Murillo Monument", "Palacio Quemado"]
    assert {person.name: person.title for person in proposal.people}["Vladimir Orlov"] == "President"


def test_names_of_bodies_with_and_a_country_s_post_and_a_portfolio_of_two():
    proposal = extract(
        "On Monday, Ghana's Minister of Tourism and Antiquities Kofi Mensah met Minister Lena Berg at the "
        "National Treasury building. On Tuesday, she visited the Ghana Cocoa and Coffee Research "
        "Organization in Tafo. The institute employs 1,200 staff. She then travelled to Dar es Salaam.",
        published_on="2025-02-12",
    )
    people = {person.name: person.title for person in proposal.people}
    assert people["Kofi Mensah"] == "Minister of Tourism and Antiquities"
    assert "Ghana" in names(proposal, "places")
    assert {"Ghana Cocoa and Coffee Research Organization", "Dar es Salaam"} <= set(names(proposal, "places"))
    facts = {(proposal.entity(f.place).name, f.kind, f.value) for f in proposal.facts}
    assert facts == {("Ghana Cocoa and Coffee Research Organization", "other", "1200")}


def test_courtesies_of_india_fiji_and_malaysia_are_not_part_of_names():
    proposal = extract(
        "The President of India, Smt Asha Verma, called on the President of Fiji, Ratu Josefa Tuisawau, "
        "at State House in Suva. She is accompanied by Minister of State Shri Ravi Menon. Earlier, she met "
        "Foreign Minister Datuk Seri Ahmad Razak and Minister for Health Ratu Dr Pita Naulu at the "
        "Grand Pacific Hotel.",
        published_on="2024-08-06",
    )
    people = {person.name: person.title for person in proposal.people}
    assert people == {
        "Asha Verma": "President",
        "Josefa Tuisawau": "President",
        "Ravi Menon": "Minister of State",
        "Ahmad Razak": "Foreign Minister",
        "Pita Naulu": "Minister for Health",
    }


def test_a_portfolio_with_and_before_the_name_stays_in_the_post():
    proposal = extract(
        "On May 2, Foreign Minister Li Hua held talks with Minister of International Relations and "
        "Cooperation Peter Shikongo at the Ministry of International Relations and Cooperation in Windhoek. "
        "The next day, he met the Minister for Health and Medical Services, Maria Naidu, at the Suva "
        "Harbour.",
        published_on="2024-05-03",
    )
    people = {person.name: person.title for person in proposal.people}
    assert people == {
        "Li Hua": "Foreign Minister",
        "Peter Shikongo": "Minister of International Relations and Cooperation",
        "Maria Naidu": "Minister for Health and Medical Services",
    }
    assert "Ministry of International Relations and Cooperation" in names(proposal, "places")


def test_a_lord_mayors_mission_told_in_the_passive_voice():
    proposal = extract(
        "Perth Lord Mayor Jane Whitby has returned from a three-day mission to Japan.\n\n"
        "On Monday, the Lord Mayor was welcomed at Nagoya City Hall by Mayor of Nagoya Ken Sato. "
        '"Our friendship is strong," Mayor Sato said. "We will meet again," Mayor Sato added.\n\n'
        "On Tuesday, the delegation was shown the Nagoya Castle by Director Aiko Mori. "
        "A meeting was then held with Governor of Aichi Prefecture Taro Ito at the Aichi Prefectural "
        "Office.",
        published_on="2024-10-17",
    )
    assert proposal.entity(proposal.visit.principal).name == "Jane Whitby"
    assert {person.name: person.title for person in proposal.people}["Jane Whitby"] == "Lord Mayor"
    assert "Perth" in names(proposal, "places")
    assert stop_venues(proposal) == ["Nagoya City Hall", "Nagoya Castle", "Aichi Prefectural Office"]
    assert roles(proposal) == [
        (1, "Ken Sato", "host"),
        (2, "Aiko Mori", "presenter"),
        (3, "Taro Ito", "counterpart"),
    ]


def test_an_itinerary_line_adds_no_one_to_the_stop_before_it():
    proposal = extract(
        "On Monday, Governor Jan Kowal toured the Osaka Castle.\n\n"
        "Itinerary:\n"
        "Tuesday 15 October - Kyoto: meeting with Mayor Koji Ono\n\n"
        "On Tuesday, the Governor visited the Kyoto Station, where he met Mayor Koji Ono.",
        published_on="2024-10-17",
    )
    assert stop_venues(proposal) == ["Osaka Castle", "Kyoto Station"]
    assert roles(proposal) == [(2, "Koji Ono", "counterpart")]


def test_a_place_that_describes_another_in_commas_is_not_the_stop():
    proposal = extract(
        "Governor Jan Kowal travelled to Osaka, where the Expo site on Yumeshima, an artificial island "
        "in Osaka Bay, was inspected. The next day, after the talks, an official ceremony was held on "
        "Freedom Square.",
        published_on="2024-10-17",
    )
    assert stop_venues(proposal) == ["Osaka", "Freedom Square"]


def test_a_continent_or_world_region_is_no_place_of_the_visit():
    proposal = extract(
        "Foreign Minister Li Hua arrived in Windhoek on the first stop of his visit to Africa. On Monday, "
        "he visited the Kavango Solar Park, one of the largest in Southern Africa.",
        published_on="2025-01-06",
    )
    assert names(proposal, "places") == ["Windhoek", "Kavango Solar Park"]
    assert proposal.entity(proposal.places[1].parent).name == "Windhoek"


def test_who_meets_the_visitor_is_a_counterpart_and_who_is_only_spoken_of_no_participant():
    proposal = extract(
        "On May 5, Foreign Minister Wang Li held talks with Foreign Minister Peter Shikongo at the Ministry "
        "of Foreign Affairs in Windhoek. In the afternoon, President Ana Lima met with Wang Li at State "
        "House. Ana Lima asked Wang Li to convey her greetings to President Xi Ming.",
        published_on="2025-05-06",
    )
    assert proposal.entity(proposal.visit.principal).name == "Wang Li"
    assert roles(proposal) == [(1, "Peter Shikongo", "counterpart"), (2, "Ana Lima", "counterpart")]


def test_facts_in_the_words_of_other_reports():
    proposal = extract(
        "Governor Jan Kowal visited Gdynia, a city of 245,000 people. He toured the Baltic Textile Works, "
        "which began production in 1898. The works employ about 2,000 people. He then visited the Gdynia "
        "Children's Hospital, the largest in the region with more than 400 beds. The Port of Gdynia, "
        "which he also visited, handles more than 1.2 million containers a year.",
        published_on="2024-10-17",
    )
    facts = {(proposal.entity(f.place).name, f.kind, f.value or f.as_of, f.qualifier) for f in proposal.facts}
    assert facts == {
        ("Gdynia", "population", "245000", "exact"),
        ("Baltic Textile Works", "founded", "1898", "exact"),
        ("Baltic Textile Works", "other", "2000", "approximate"),
        ("Gdynia Children's Hospital", "other", "400", "more_than"),
        ("Port of Gdynia", "other", "1200000", "more_than"),
    }


def test_initials_before_a_name_and_where_the_visitor_left_for():
    proposal = extract(
        "On Tuesday, President Anna Lima attended a reception hosted by the High Commissioner, "
        "Shri K.R. Pillai, at the Tanoa Hotel in Nadi. The President left Nadi for Wellington today.",
        published_on="2024-08-07",
    )
    assert {person.name: person.title for person in proposal.people}["K.R. Pillai"] == "High Commissioner"
    assert "Wellington" in names(proposal, "places")
    assert stop_venues(proposal) == ["Tanoa Hotel"]
    assert roles(proposal) == [(1, "K.R. Pillai", "host")]


def test_a_parliament_addressed_and_a_venue_visited_again_later_in_the_day():
    proposal = extract(
        "On Tuesday, President Anna Lima held talks with Prime Minister Josefa Koroi at the Tanoa Hotel "
        "in Nadi. She is accompanied by Minister of State Ravi Menon. In the afternoon, the President "
        "addressed the Parliament of Fiji, where she was welcomed by Speaker Maria Vula. In the evening, "
        "she attended a reception hosted by Ambassador Kiran Rao at the Tanoa Hotel.",
        published_on="2024-08-07",
    )
    assert stop_venues(proposal) == ["Tanoa Hotel", "Parliament of Fiji", "Tanoa Hotel"]
    assert roles(proposal) == [
        (1, "Josefa Koroi", "counterpart"),
        (2, "Maria Vula", "host"),
        (3, "Kiran Rao", "host"),
    ]


def test_events_bodies_and_a_byline_are_not_people_and_a_short_name_is_the_venue_named_before():
    proposal = extract(
        "President's Secretariat\n"
        "Posted On: 07 AUG 2024 6:40PM by PIB Delhi\n\n"
        "Foreign Minister Li Hua visited the Rossing Uranium Mine, accompanied by Minister Tom Haufiku. "
        "They discussed the Forum on China-Africa Cooperation and the Commonwealth Games. "
        "Li Hua said that the Rossing mine is a flagship project.",
        published_on="2024-08-07",
    )
    assert names(proposal, "people") == ["Li Hua", "Tom Haufiku"]
    assert names(proposal, "places") == ["Rossing Uranium Mine"]


def test_a_header_line_with_a_weekday_or_a_time_dates_the_report_not_the_visit():
    for header in ("Thursday 17 October 2024", "Posted On: 17 OCT 2024 6:40PM", "2024-10-17 09:30"):
        proposal = extract(
            f"{header}\n\nLord Mayor Jane Whitby visited the Osaka Castle on 14 October and the Kyoto "
            "Station on 16 October.",
            published_on="2024-10-17",
        )
        assert (proposal.visit.start, proposal.visit.end) == ("2024-10-14", "2024-10-16"), header


def test_a_capitalised_function_word_inside_a_name_and_a_person_a_memorial_is_to():
    proposal = extract(
        "On June 20, President of Vietnam To Lam welcomed Prime Minister Anna Berg at the Presidential "
        "Palace. She then laid a wreath at the Ba Dinh Mausoleum, the memorial to Ho Chi Minh.",
        published_on="2024-06-21",
    )
    people = {person.name: person.title for person in proposal.people}
    assert people == {"To Lam": "President", "Anna Berg": "Prime Minister", "Ho Chi Minh": ""}
    assert "Ho Chi Minh" not in names(proposal, "places")
    # Who welcomes the visitor is the host; whom a memorial is to takes no part.
    assert proposal.entity(proposal.visit.principal).name == "Anna Berg"
    assert roles(proposal) == [(1, "To Lam", "host")]


def test_what_an_agreement_is_on_is_no_stop_and_the_two_leaders_are_not_whom_a_memorial_is_to():
    proposal = extract(
        "Prime Minister Anna Berg was welcomed by President Tomas Vu at the Presidential Palace. The two "
        "leaders then held a meeting before witnessing the signing of the agreement on the Hai Phong "
        "Economic Zone. Later, she laid a wreath at the Ba Dinh Mausoleum, the memorial to Ho Chi Minh. "
        "The two leaders had met in 2023.",
        published_on="2024-06-21",
    )
    assert stop_venues(proposal) == ["Presidential Palace", "Ba Dinh Mausoleum"]
    assert roles(proposal) == [(1, "Tomas Vu", "host")]


def test_a_one_word_venue_an_all_capitals_dateline_and_a_post_before_a_courtesy_post():
    proposal = extract(
        "OTTAWA — Premier Jane Doe was welcomed at the Istana by Singapore's Minister of Foreign "
        "Affairs, Ambassador Tan Wei Ming, today.",
        published_on="2024-06-21",
    )
    assert "Ottawa" in names(proposal, "places")
    assert stop_venues(proposal) == ["Istana"]
    people = {person.name: person.title for person in proposal.people}
    assert people == {"Jane Doe": "Premier", "Tan Wei Ming": "Minister of Foreign Affairs"}


def test_a_post_after_a_name_with_a_portfolio_and_a_country():
    proposal = extract(
        "Minister Anna Berg held talks with H.E. Mr. Tomas Reyes, Secretary of Foreign Affairs of the "
        "Republic of the Philippines, at the Department of Foreign Affairs in Manila.",
        published_on="2024-07-08",
    )
    people = {person.name: person.title for person in proposal.people}
    assert people["Tomas Reyes"] == "Secretary of Foreign Affairs"
    assert "Philippines" in names(proposal, "places")


def test_two_who_held_a_meeting_with_a_long_name_are_counterparts():
    proposal = extract(
        "Minister Anna Berg arrived in Manila on July 7. On July 8, Minister Berg and Secretary Tomas Reyes "
        "held the Sweden-Philippines Foreign and Trade Ministerial Meeting at the Diamond Hotel.",
        published_on="2024-07-08",
    )
    assert roles(proposal) == [(1, "Tomas Reyes", "counterpart")]


def test_a_name_with_apostrophes_and_countries_in_a_title_case_headline():
    proposal = extract(
        "Secretary Smith's Travel to Ghana and Togo\n\n"
        "Secretary of State Jane Smith visited the Port of Tema together with Governor of Greater Accra "
        "Region Nii Ayi' Kwei'o.",
        published_on="2024-02-23",
    )
    people = {person.name: person.title for person in proposal.people}
    assert people == {"Jane Smith": "Secretary of State", "Nii Ayi' Kwei'o": "Governor"}
    assert {"Ghana", "Togo", "Greater Accra Region", "Port of Tema"} <= set(names(proposal, "places"))


def test_a_plural_post_before_two_names():
    proposal = extract(
        "The President is accompanied by Members of Parliament Shri Ravi Menon and Shri Arjun Rao.",
        published_on="2024-08-07",
    )
    people = {person.name: person.title for person in proposal.people}
    assert people == {"Ravi Menon": "Member of Parliament", "Arjun Rao": "Member of Parliament"}


def test_a_party_to_an_agreement_is_a_body_not_a_place():
    proposal = extract(
        "Prime Minister Anna Berg visited the Suva Harbour. A Memorandum of Understanding between the "
        "Council for Cultural Relations and the University of the South Pacific was signed.",
        published_on="2024-08-07",
    )
    assert names(proposal, "places") == ["Suva Harbour"]
    assert "University of the South Pacific" in names(proposal, "organisations")


def test_a_name_written_with_a_small_first_letter():
    proposal = extract(
        "On Wednesday, President Anna Berg visited the iLab innovation centre in Kigali. The centre, "
        "founded in 2012, hosts more than 80 start-ups.",
        published_on="2024-02-01",
    )
    assert stop_venues(proposal) == ["iLab"]
    facts = {(proposal.entity(f.place).name, f.kind, f.value or f.as_of) for f in proposal.facts}
    assert facts == {("iLab", "founded", "2012"), ("iLab", "registered_companies", "80")}


def test_a_country_named_before_a_post_is_the_posts():
    proposal = extract(
        "UK Minister for Development Jane Doe visited Kenya. She met Kenya Cabinet Secretary John Mbadi "
        "at the National Treasury building.",
        published_on="2024-02-01",
    )
    people = {person.name: person.title for person in proposal.people}
    assert people == {"Jane Doe": "Minister for Development", "John Mbadi": "Cabinet Secretary"}
    assert {place.iso_code for place in proposal.places if place.kind == "country"} == {"GB", "KE"}
    assert "Kenya" not in names(proposal, "organisations")


def test_a_city_named_once_in_the_past_perfect_was_before_the_visit():
    proposal = extract(
        "President Anna Berg paid an official visit to Kenya on 10 May 2024. She held talks with President "
        "John Otieno at State House in Nairobi. Earlier, Anna Berg had attended the AU summit in Addis "
        "Ababa.",
        published_on="2024-05-10",
    )
    assert stop_venues(proposal) == ["State House"]
    assert roles(proposal) == [(1, "John Otieno", "counterpart")]


def test_a_readouts_country_after_the_name_a_regnal_number_and_a_portfolio_before_the_post():
    proposal = extract(
        "President Anna Berg met with Prime Minister Kenji Sato of Japan at the Government Buildings. "
        "On 4 June, she was received by His Majesty King Tupou VI at the Royal Palace. She then visited "
        "the Vaiola Hospital with Health Minister Dr Saia Piukala, who briefed her on its new ward.",
        published_on="2024-06-05",
    )
    people = {person.name: person.title for person in proposal.people}
    assert people == {
        "Anna Berg": "President",
        "Kenji Sato": "Prime Minister",
        "Tupou VI": "King",
        "Saia Piukala": "Health Minister",
    }
    assert "Japan" in names(proposal, "places")
    assert stop_venues(proposal) == ["Government Buildings", "Royal Palace", "Vaiola Hospital"]
    assert roles(proposal) == [
        (1, "Kenji Sato", "counterpart"),
        (2, "Tupou VI", "host"),
        (3, "Saia Piukala", "presenter"),
    ]


def test_who_welcomes_the_visitor_named_with_a_suffix_is_the_host():
    proposal = extract(
        "President John R. Miller, Jr. welcomed Prime Minister Kenji Sato of Japan to the White House "
        "today for an Official Visit.",
        published_on="2024-04-10",
    )
    assert proposal.entity(proposal.visit.principal).name == "Kenji Sato"
    assert roles(proposal) == [(1, "John R. Miller", "host")]


def test_a_city_and_its_country_and_a_weekday_of_a_plan():
    proposal = extract(
        "Chancellor Anna Berg arrived in Nairobi on Thursday for a visit to Kenya and held talks with "
        "President John Otieno at State House. She later flew to Addis Ababa, Ethiopia, where she is due "
        "to meet Prime Minister Abel Tesfaye on Saturday.",
        published_on="2024-05-03",
    )
    places = {place.name: place for place in proposal.places}
    assert proposal.entity(places["Addis Ababa"].parent).name == "Ethiopia"
    assert (proposal.visit.start, proposal.visit.end) == ("2024-05-02", None)


def test_a_name_shortened_in_the_headline_and_a_venue_named_in_french():
    proposal = extract(
        "Sheikh Khalid bin Ahmed concludes state visit to France\n\n"
        "President His Highness Sheikh Khalid bin Ahmed Al Thani today concluded a state visit to France. "
        "On Friday, he and President Paul Martin attended a ceremony at the Hôtel des Invalides.",
        published_on="2024-07-20",
    )
    assert {person.name: person.title for person in proposal.people} == {
        "Khalid bin Ahmed Al Thani": "President",
        "Paul Martin": "President",
    }
    assert stop_venues(proposal) == ["Hôtel des Invalides"]


def test_a_sentence_that_goes_on_to_the_next_stop():
    proposal = extract(
        "Chancellor Anna Berg was greeted at the Jomo Kenyatta International Airport by Foreign Minister "
        "Paul Mwangi before heading to State House, where she held talks with President John Otieno.",
        published_on="2024-05-03",
    )
    assert stop_venues(proposal) == ["Jomo Kenyatta International Airport", "State House"]
    assert roles(proposal) == [(1, "Paul Mwangi", "host"), (2, "John Otieno", "counterpart")]


def test_a_first_lady_and_a_regional_adjective():
    proposal = extract(
        "President Lee Min Ho and First Lady Park Ji Yeon arrived in Astana on June 11, the second leg of "
        "their Central Asian tour.",
        published_on="2024-06-12",
    )
    people = {person.name: person.title for person in proposal.people}
    assert people == {"Lee Min Ho": "President", "Park Ji Yeon": "First Lady"}


def test_a_line_that_starts_with_a_day_and_its_number_is_no_dateline():
    proposal = extract(
        "President Ana Souza was received on Monday (5) by President Pablo Rojas at the Palacio de La "
        "Moneda.\n\n"
        "On Tuesday (6), Ana Souza visited the Port of Valparaíso. In the evening, she attended a "
        "reception at the Costanera Center Mall.",
        published_on="2024-08-06",
    )
    assert (proposal.visit.start, proposal.visit.end) == ("2024-08-05", "2024-08-06")
    assert stop_venues(proposal) == ["Palacio de La Moneda", "Port of Valparaíso", "Costanera Center Mall"]


def test_the_host_named_by_post_and_name_and_two_memorials_joined_by_and():
    proposal = extract(
        "Prime Minister Arun Rao paid an official visit to Poland at the invitation of the Prime Minister "
        "of the Republic of Poland, H.E. Mr. Jan Nowak. On arrival in Warsaw, he paid homage at the "
        "Warsaw Uprising Memorial and the Monte Cassino Memorial. He was then accorded a ceremonial "
        "welcome at the Federal Chancellery by Prime Minister Nowak.",
        published_on="2024-08-22",
    )
    assert proposal.entity(proposal.visit.host_country).name == "Poland"
    people = {
        person.name: proposal.entity(person.organisation).name if person.organisation else None
        for person in proposal.people
    }
    assert people["Jan Nowak"] == "Government of the Republic of Poland"
    assert people.get("Arun Rao") is None or "Poland" not in people["Arun Rao"]
    assert {"Warsaw Uprising Memorial", "Monte Cassino Memorial"} <= set(names(proposal, "places"))
    assert stop_venues(proposal)[-1] == "Federal Chancellery"
    assert roles(proposal)[-1] == (len(proposal.stops), "Jan Nowak", "host")


def test_a_report_from_the_hosts_side_names_the_visitor_as_visiting():
    proposal = extract(
        "BEIJING, April 14 (Xinhua) -- President Wei Lin on Friday held talks with visiting Brazilian "
        "President Ana Souza at the Great Hall of the People.",
        published_on="2023-04-14",
    )
    assert proposal.entity(proposal.visit.principal).name == "Ana Souza"
    assert roles(proposal) == [(1, "Wei Lin", "counterpart")]


def test_who_led_the_visitor_on_a_tour_presented():
    proposal = extract(
        "Today, Prime Minister Anna Berg visited the Lekki Deep Sea Port. The Managing Director of the "
        "Ports Authority, Musa Bello, led her on a tour of the terminal.",
        published_on="2024-05-10",
    )
    assert roles(proposal) == [(1, "Musa Bello", "presenter")]


def test_a_gulf_prince_with_two_posts_a_malay_courtesy_and_a_name_in_brackets():
    proposal = extract(
        "Crown Prince and Prime Minister His Royal Highness Prince Khalid bin Fahd bin Abdulaziz Al Saud "
        "received President Anna Berg at the Al-Yamamah Palace in Riyadh today. Later, she was welcomed "
        "by Minister of Foreign Affairs Dato' Seri Utama Haji Ahmad bin Haji Rahman at the National "
        "Monument (Tugu Negara), accompanied by Minister of Culture Prince Badr bin Saud bin Farhan.",
        published_on="2024-12-03",
    )
    people = {person.name: person.title for person in proposal.people}
    assert people == {
        "Khalid bin Fahd bin Abdulaziz Al Saud": "Crown Prince and Prime Minister",
        "Anna Berg": "President",
        "Ahmad bin Haji Rahman": "Minister of Foreign Affairs",
        "Badr bin Saud bin Farhan": "Minister of Culture",
    }
    assert proposal.entity(proposal.visit.principal).name == "Anna Berg"
    assert stop_venues(proposal) == ["Al-Yamamah Palace", "National Monument"]


def test_a_newspapers_abbreviated_posts_and_a_military_rank():
    proposal = extract(
        "Gov. Maria Lopez met with President Anna Berg on Tuesday at the Blue Palace. Lt. Gov. Tom Reyes "
        "is acting governor while she is abroad. Later, the governor visited the Adazi Military Base, where "
        "Colonel Jan Kowalski briefed her.",
        published_on="2024-05-08",
    )
    people = {person.name: person.title for person in proposal.people}
    assert people == {
        "Maria Lopez": "Governor",
        "Anna Berg": "President",
        "Tom Reyes": "Lieutenant Governor",
        "Jan Kowalski": "Colonel",
    }
    assert proposal.entity(proposal.visit.principal).name == "Maria Lopez"
    assert roles(proposal) == [(1, "Anna Berg", "counterpart"), (2, "Jan Kowalski", "presenter")]


def test_a_venue_named_with_a_demonym_or_a_list_of_subjects_keeps_its_whole_name():
    proposal = extract(
        "Today, President Anna Berg visited the Mexican Institute of Culture in Belize City. She then met "
        "Minister Jan Roe at the Ministry of Ecology and Environment. Later, she visited the Tapa Army Camp. "
        "Finally, she toured the Diaoyutai State Guesthouse.",
        published_on="2024-05-08",
    )
    assert stop_venues(proposal) == [
        "Mexican Institute of Culture",
        "Ministry of Ecology and Environment",
        "Tapa Army Camp",
        "Diaoyutai State Guesthouse",
    ]


def test_two_venues_joined_by_and_later_are_two_stops_and_a_places_history_is_none():
    proposal = extract(
        "On Tuesday, Governor Maria Lopez met with Vice President Wei Lin at the Great Hall, and later "
        "signed a memorandum with Minister Chen Bo at the Ministry of Environment. The Great Hall, built "
        "in 1959, has received foreign leaders from Fidel Castro to Nelson Mandela.",
        published_on="2024-05-08",
    )
    assert stop_venues(proposal) == ["Great Hall", "Ministry of Environment"]
    assert roles(proposal) == [(1, "Wei Lin", "counterpart"), (2, "Chen Bo", "counterpart")]


def test_a_newspapers_present_tense_of_travel_to_come_is_a_plan():
    proposal = extract(
        "Governor Maria Lopez began the trip Monday in Kobe, where she visited the Kobe Port. She heads "
        "Thursday to Osaka, before returning home on Saturday.",
        published_on="2024-05-08",
    )
    assert (proposal.visit.start, proposal.visit.end) == ("2024-05-06", None)


def test_a_city_lies_in_the_country_its_sentence_names_or_its_name_starts_with():
    proposal = extract(
        "Mexico City, June 5, 2024\n\nForeign Minister Anna Berg visited Fiji and Tonga. On 3 June she met "
        "Prime Minister Jone Vatu in Suva. On 4 June she travelled to Nuku'alofa, where she met Prime "
        "Minister Siaosi Fifita of Tonga.",
        published_on="2024-06-05",
    )
    parents = {place.name: proposal.entity(place.parent).name for place in proposal.places if place.parent}
    assert parents == {"Mexico City": "Mexico", "Suva": "Fiji", "Nuku'alofa": "Tonga"}


def test_who_the_visitor_met_in_a_list_after_a_group_are_counterparts():
    proposal = extract(
        "Today, Chancellor Anna Berg met the heads of government of the Nordic states, Prime Minister Jon "
        "Dahl of Norway, Prime Minister Eva Lind of Sweden and Prime Minister Ole Berg of Denmark, at the "
        "Marienborg Palace.",
        published_on="2024-05-08",
    )
    assert roles(proposal) == [
        (1, "Jon Dahl", "counterpart"),
        (1, "Eva Lind", "counterpart"),
        (1, "Ole Berg", "counterpart"),
    ]


def test_a_name_shortened_in_the_headline_is_the_one_named_in_full_after_it():
    proposal = extract(
        "Foreign Secretary Ana Ruiz concludes visit to Peru\n\nForeign Secretary Ana Ruiz Ortega visited the "
        "Torre Tagle Palace in Lima today, where she met Minister Javier Gonzalez Olaechea.",
        published_on="2024-05-08",
    )
    assert names(proposal, "people") == ["Ana Ruiz Ortega", "Javier Gonzalez Olaechea"]
    assert proposal.entity(proposal.visit.principal).name == "Ana Ruiz Ortega"


def test_a_venue_named_with_a_year_and_a_meeting_after_it_in_a_sentence_with_no_place():
    proposal = extract(
        "On Tuesday, Mayor Anna Berg travelled to Milan, where she inspected the Olympics 2026 site. A "
        "meeting was then held with Governor Ken Sato on the Games.",
        published_on="2024-05-08",
    )
    assert stop_venues(proposal) == ["Olympics 2026 site", "Milan"]
    assert roles(proposal) == [(2, "Ken Sato", "counterpart")]


def test_how_many_soldiers_a_camp_is_home_to_is_a_count():
    proposal = extract(
        "Today, President Anna Berg visited the Adazi Camp. The camp is home to around 1,600 soldiers from "
        "eight nations.",
        published_on="2024-05-08",
    )
    assert [(proposal.entity(f.place).name, f.kind, f.value, f.qualifier) for f in proposal.facts] == [
        ("Adazi Camp", "other", "1600", "approximate")
    ]


def test_a_partys_leader_in_a_house_is_a_post():
    proposal = extract(
        "Today, Governor Maria Lopez visited the Port of Busan. Senate Republican Leader Jane Doe criticized "
        "the trip.",
        published_on="2024-05-08",
    )
    people = {person.name: person.title for person in proposal.people}
    assert people == {"Maria Lopez": "Governor", "Jane Doe": "Senate Republican Leader"}


def test_how_many_students_a_place_teaches_a_year_is_a_count():
    proposal = extract(
        "Today, President Anna Berg visited the Riga Language School. The school, founded in 1985, offers "
        "courses to more than 900 pupils every year.",
        published_on="2024-05-08",
    )
    assert {(proposal.entity(f.place).name, f.kind, str(f.value)) for f in proposal.facts} == {
        ("Riga Language School", "founded", "None"),
        ("Riga Language School", "other", "900"),
    }
