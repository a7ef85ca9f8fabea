package dev.outpost.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrackingParamsTest {

    @ParameterizedTest(name = "{0} is tracking: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            utm_source          | true
            utm_medium          | true
            utm_campaign        | true
            utm_content         | true
            utm_term            | true
            utm_id              | true
            UTM_Source          | true
            fbclid              | true
            gclid               | true
            gbraid              | true
            wbraid              | true
            msclkid             | true
            yclid               | true
            twclid              | true
            li_fat_id           | true
            ttclid              | true
            rdt_cid             | true
            ScCid               | true
            epik                | true
            mc_cid              | true
            mc_eid              | true
            _ga                 | true
            _gl                 | true
            ref_src             | true
            igshid              | true
            si                  | true
            _hsenc              | true
            mkt_tok             | true
            mtm_campaign        | true
            pk_campaign         | true
            utm_                | false
            utm                 | false
            page                | false
            id                  | false
            q                   | false
            ref                 | false
            source              | false
            lang                | false
            sort                | false
            """)
    void tracking_parameters_are_recognised_and_page_parameters_are_kept(String name, boolean tracking) {
        assertThat(TrackingParams.isTracking(name)).isEqualTo(tracking);
    }

    @Test
    void null_and_empty_names_are_not_tracking() {
        assertThat(TrackingParams.isTracking(null)).isFalse();
        assertThat(TrackingParams.isTracking("")).isFalse();
    }

    @Test
    void every_click_id_of_the_source_table_is_stripped_as_tracking() {
        assertThat(SourceTable.standard().clickIdNames()).allSatisfy(
                name -> assertThat(TrackingParams.isTracking(name)).as(name).isTrue());
    }
}
