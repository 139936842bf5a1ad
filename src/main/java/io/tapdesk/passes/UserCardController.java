package io.tapdesk.passes;

import io.tapdesk.security.Operator;
import io.tapdesk.security.OperatorTokens;
import io.tapdesk.users.CardFacts;
import io.tapdesk.users.CardReader;
import io.tapdesk.users.UserIds;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;

@Controller
class UserCardController {

    private final CardReader cards;
    private final UserCardPage page;
    private final OperatorTokens tokens;

    UserCardController(CardReader cards, UserCardPage page, OperatorTokens tokens) {
        this.cards = cards;
        this.page = page;
        this.tokens = tokens;
    }

    @GetMapping("/users/{id}")
    String card(@PathVariable String id, @ModelAttribute("operator") Operator operator, Model model) {
        CardFacts facts = cards.read(tokens.current(), UserIds.require(id), operator);
        return page.render(facts, operator, model);
    }
}
