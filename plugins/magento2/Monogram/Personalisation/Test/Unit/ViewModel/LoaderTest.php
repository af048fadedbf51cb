<?php

declare(strict_types=1);

namespace Monogram\Personalisation\Test\Unit\ViewModel;

use Magento\Catalog\Block\Product\View;
use Magento\Catalog\Model\Product;
use Magento\Framework\DataObject;
use Magento\Framework\Escaper;
use Magento\Framework\Locale\ResolverInterface;
use Magento\Framework\View\Helper\SecureHtmlRenderer;
use Monogram\Personalisation\Model\Config;
use Monogram\Personalisation\Model\DesignOption;
use Monogram\Personalisation\Test\Fake\ArrayScopeConfig;
use Monogram\Personalisation\Test\Fake\ReversibleEncryptor;
use Monogram\Personalisation\ViewModel\Loader;
use Magento\Framework\Serialize\Serializer\Json;
use PHPUnit\Framework\TestCase;

/** The view model, and the template rendered with it as Magento would (same variables in scope). */
class LoaderTest extends TestCase
{
    private ArrayScopeConfig $scopeConfig;

    protected function setUp(): void
    {
        $this->scopeConfig = new ArrayScopeConfig([
            Config::XML_PATH_ENABLED => '1',
            Config::XML_PATH_API_URL => 'https://api.monogram.example/',
            Config::XML_PATH_PUBLISHABLE_KEY => 'pk_test_1',
        ]);
    }

    private function loader(string $locale = 'fr_FR'): Loader
    {
        $resolver = new class ($locale) implements ResolverInterface {
            public function __construct(private string $locale)
            {
            }

            public function getLocale()
            {
                return $this->locale;
            }
        };
        return new Loader(new Config($this->scopeConfig, new ReversibleEncryptor()), new DesignOption(new Json()), $resolver);
    }

    private function render(Product $product, string $locale = 'fr_FR'): string
    {
        $block = new View(['product' => $product, 'view_model' => $this->loader($locale)]);
        $escaper = new Escaper();
        $secureRenderer = new SecureHtmlRenderer();
        ob_start();
        (static function () use ($block, $escaper, $secureRenderer): void {
            include dirname(__DIR__, 3) . '/view/frontend/templates/loader.phtml';
        })();
        return (string) ob_get_clean();
    }

    /** @return array<string, string> the attributes of the loader's script tag */
    private static function scriptAttributes(string $html): array
    {
        $document = new \DOMDocument();
        @$document->loadHTML('<!doctype html><html><body>' . $html . '</body></html>');
        $script = $document->getElementsByTagName('script')->item(0);
        $attributes = [];
        foreach ($script->attributes as $attribute) {
            $attributes[$attribute->name] = $attribute->value;
        }
        return $attributes;
    }

    public function testTheLoaderIsMountedOnTheProductForm(): void
    {
        $html = $this->render(new Product(['entity_id' => 12]));

        $this->assertSame([
            'src' => 'https://api.monogram.example/widget/monogram.js',
            'data-key' => 'pk_test_1',
            'data-product' => '12',
            'data-locale' => 'fr',
            'data-form' => '#product_addtocart_form',
            'data-field-design' => 'monogram_design',
            'data-field-token' => 'monogram_token',
            'data-design' => '',
            'data-token' => '',
            'async' => '',
        ], self::scriptAttributes($html));
        $this->assertStringContainsString('form="product_addtocart_form" name="monogram_design" value=""', preg_replace('/\s+/', ' ', $html));
        $this->assertStringContainsString('<script nonce="test-nonce">document.addEventListener(\'monogram:design-saved\'', $html);
    }

    public function testEnglishStoresGetTheEnglishEditor(): void
    {
        $this->assertSame('en', self::scriptAttributes($this->render(new Product(['entity_id' => 12]), 'en_GB'))['data-locale']);
        $this->assertSame('en', $this->loader('de_DE')->locale());
    }

    public function testEditingACartLineReopensItsDesignAndKeepsItInTheForm(): void
    {
        $product = new Product(['entity_id' => 12, 'preconfigured_values' => new DataObject(['monogram_design' => 'dsn_e', 'monogram_token' => 'dt_e'])]);

        $html = $this->render($product);

        $attributes = self::scriptAttributes($html);
        $this->assertSame(['dsn_e', 'dt_e'], [$attributes['data-design'], $attributes['data-token']]);
        $flat = preg_replace('/\s+/', ' ', $html);
        $this->assertStringContainsString('name="monogram_design" value="dsn_e"', $flat);
        $this->assertStringContainsString('name="monogram_token" value="dt_e"', $flat);
    }

    public function testConfiguredValuesAreEscaped(): void
    {
        $this->scopeConfig->defaults[Config::XML_PATH_PUBLISHABLE_KEY] = 'pk_"><script>alert(1)</script>';
        $this->scopeConfig->defaults[Config::XML_PATH_API_URL] = 'javascript:alert(1)//';

        $html = $this->render(new Product(['entity_id' => 12]));

        $this->assertStringNotContainsString('<script>alert(1)', $html);
        $this->assertSame('pk_"><script>alert(1)</script>', self::scriptAttributes($html)['data-key']);
        $this->assertSame('', self::scriptAttributes($html)['src']);
    }

    public function testNothingIsRenderedUntilTheModuleIsConfigured(): void
    {
        $this->scopeConfig->defaults[Config::XML_PATH_PUBLISHABLE_KEY] = '';

        $this->assertSame('', trim($this->render(new Product(['entity_id' => 12]))));
    }
}
